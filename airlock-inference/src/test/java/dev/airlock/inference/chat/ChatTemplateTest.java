package dev.airlock.inference.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.airlock.dto.generation.PromptMessage;

class ChatTemplateTest {
    private static final String TOOLS = "[{\"name\": \"get_weather_updates\", \"description\": \"Fetches weather"
            + " updates for a given city using the RapidAPI Weather API.\", \"parameters\": {\"city\":"
            + " {\"description\": \"The name of the city for which to retrieve weather information.\", \"type\":"
            + " \"str\", \"default\": \"London\"}}}]";

    @TempDir
    Path dir;

    private final Logger julLogger = Logger.getLogger(ChatTemplate.class.getName());
    private final List<LogRecord> warnings = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureWarnings() {
        julLogger.addHandler(capture);
    }

    @AfterEach
    void releaseWarnings() {
        julLogger.removeHandler(capture);
    }

    @Test
    void rendersSystemAndUserTurnsWithAGenerationPrompt() {
        var messages = List.of(new PromptMessage("system", "You are a helpful assistant."),
                new PromptMessage("user", "How are you?"));

        String prompt = ChatTemplate.phi4().render(messages, true);

        assertThat(prompt).isEqualTo("<|system|>You are a helpful assistant.<|end|><|user|>How are you?<|end|>"
                + "<|assistant|>");
    }

    @Test
    void endsWithTheEosTokenWithoutAGenerationPrompt() {
        var messages = List.of(new PromptMessage("user", "Hi"), new PromptMessage("assistant", "Hello!"));

        String prompt = ChatTemplate.phi4().render(messages, false);

        assertThat(prompt).isEqualTo("<|user|>Hi<|end|><|assistant|>Hello!<|end|><|endoftext|>");
    }

    @Test
    void putsToolsBetweenToolTagsOnTheSystemMessage() {
        var messages = List.of(new PromptMessage("system", "You are a helpful assistant with some tools."),
                new PromptMessage("user", "What is the weather like in Paris today?"));

        String prompt = ChatTemplate.phi4().render(messages, TOOLS, true);

        assertThat(prompt).isEqualTo("<|system|>You are a helpful assistant with some tools.<|tool|>" + TOOLS
                + "<|/tool|><|end|><|user|>What is the weather like in Paris today?<|end|><|assistant|>");
    }

    @Test
    void putsToolsOnAnEmptySystemMessageWhenThereIsNone() {
        var messages = List.of(new PromptMessage("user", "Weather?"));

        String prompt = ChatTemplate.phi4().render(messages, "[]", true);

        assertThat(prompt).isEqualTo("<|system|><|tool|>[]<|/tool|><|end|><|user|>Weather?<|end|><|assistant|>");
    }

    @Test
    void rendersAnyOtherRoleAsItsOwnTag() {
        var messages = List.of(new PromptMessage("tool", "{\"temp\": 21}"), new PromptMessage("user", ""));

        String prompt = ChatTemplate.phi4().render(messages, true);

        assertThat(prompt).isEqualTo("<|tool|>{\"temp\": 21}<|end|><|user|><|end|><|assistant|>");
    }

    @Test
    void loadsTheKnownPhi4TemplateWithoutWarning() throws IOException {
        writeTokenizerConfig(ChatTemplate.PHI4_JINJA, "<|endoftext|>");

        ChatTemplate template = ChatTemplate.load(dir);

        assertThat(template.render(List.of(new PromptMessage("user", "Hi")), false))
                .isEqualTo("<|user|>Hi<|end|><|endoftext|>");
        assertThat(warnings).isEmpty();
    }

    @Test
    void fallsBackToThePhi4FormatWithOneWarningForAnotherTemplate() throws IOException {
        writeTokenizerConfig("{{ messages[0]['content'] }}", "</s>");

        ChatTemplate template = ChatTemplate.load(dir);

        assertThat(template.render(List.of(new PromptMessage("user", "Hi")), false))
                .isEqualTo("<|user|>Hi<|end|></s>");
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).getMessage()).contains("not the Phi-4 template");
    }

    @Test
    void fallsBackWithOneWarningWhenTheCheckpointHasNoTokenizerConfig() {
        ChatTemplate template = ChatTemplate.load(dir);

        assertThat(template.eosToken()).isEqualTo("<|endoftext|>");
        assertThat(warnings).hasSize(1);
    }

    private void writeTokenizerConfig(String chatTemplate, String eosToken) throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"), Json.createObjectBuilder()
                .add("chat_template", chatTemplate)
                .add("eos_token", Json.createObjectBuilder().add("content", eosToken))
                .build()
                .toString());
    }
}
