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
    void rendersAnotherTemplateWithJinja() throws IOException {
        writeTokenizerConfig("{% for m in messages %}[{{ m['role'] }}] {{ m.content }}\n{% endfor %}"
                + "{% if add_generation_prompt %}[assistant]{% endif %}{{ eos_token }}", "</s>");

        ChatTemplate template = ChatTemplate.load(dir);

        assertThat(template.render(List.of(new PromptMessage("user", "Hi")), true))
                .isEqualTo("[user] Hi\n[assistant]</s>");
        assertThat(warnings).isEmpty();
    }

    @Test
    void phi4JinjaTemplateRendersExactlyAsTheBuiltInFormat() {
        ChatTemplate jinja = ChatTemplate.of(ChatTemplate.PHI4_JINJA, "<|endoftext|>", "<|endoftext|>");
        ChatTemplate builtIn = ChatTemplate.phi4();
        List<List<PromptMessage>> conversations = List.of(
                List.of(new PromptMessage("user", "Hi")),
                List.of(new PromptMessage("system", "Be brief."), new PromptMessage("user", "Hi"),
                        new PromptMessage("assistant", "Hello!"), new PromptMessage("user", "Weather in Paris?")),
                List.of(new PromptMessage("system", "You have tools."), new PromptMessage("user", "Paris?"),
                        new PromptMessage("assistant", "<|tool_call|>[{\"name\": \"get_weather_updates\"}]"
                                + "<|/tool_call|>"),
                        new PromptMessage("tool", "{\"temp\": 21}"), new PromptMessage("user", "Thanks")),
                List.of(new PromptMessage("user", "Quote: {{ not jinja }} {% raw %} 'it''s' \"x\" é 日本")),
                List.of());

        for (List<PromptMessage> messages : conversations) {
            for (boolean generationPrompt : new boolean[] {true, false}) {
                for (String tools : new String[] {null, TOOLS, "[]"}) {
                    assertThat(jinja.render(messages, tools, generationPrompt))
                            .as("%s tools=%s generation=%s", messages, tools, generationPrompt)
                            .isEqualTo(builtIn.render(messages, tools, generationPrompt));
                }
            }
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void givesTemplatesTheToolListAsJson() {
        ChatTemplate template = ChatTemplate.of("{% for t in tools %}{{ t['name'] }};{% endfor %}{{ bos_token }}",
                "<s>", "</s>");

        assertThat(template.render(List.of(new PromptMessage("user", "Hi")), TOOLS, true))
                .isEqualTo("get_weather_updates;<s>");
    }

    @Test
    void fallsBackToThePhi4FormatWithOneWarningWhenTheTemplateFails() {
        ChatTemplate template = ChatTemplate.of("{{ raise_exception('roles must alternate') }}", "<s>", "</s>");

        String first = template.render(List.of(new PromptMessage("user", "Hi")), false);
        String second = template.render(List.of(new PromptMessage("user", "Hi")), false);

        assertThat(first).isEqualTo("<|user|>Hi<|end|></s>").isEqualTo(second);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).getMessage()).contains("failed to render");
    }

    @Test
    void refusesToLoadFilesFromATemplate() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "top secret");
        ChatTemplate template = ChatTemplate.of("{% include '" + secret + "' %}{% import '" + secret
                + "' as s %}{% extends '" + secret + "' %}", "<s>", "</s>");

        String prompt = template.render(List.of(new PromptMessage("user", "Hi")), true);

        assertThat(prompt).doesNotContain("top secret");
    }

    @Test
    void boundsTheOutputOfAHostileTemplate() {
        ChatTemplate template = ChatTemplate.of("{% for i in range(10000) %}{% for j in range(10000) %}"
                + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx{% endfor %}{% endfor %}", "<s>", "</s>", 100_000);

        String prompt = template.render(List.of(new PromptMessage("user", "Hi")), true);

        assertThat(prompt).isEqualTo("<|user|>Hi<|end|><|assistant|>");
        assertThat(warnings).hasSize(1);
    }

    @Test
    void exposesNoJavaClassesToTemplates() {
        ChatTemplate template = ChatTemplate.of("{{ messages.getClass() }}{{ messages[0].getClass().getName() }}"
                + "{{ ''.getClass().forName('java.lang.Runtime') }}", "<s>", "</s>");

        String prompt = template.render(List.of(new PromptMessage("user", "Hi")), true);

        assertThat(prompt).doesNotContain("java.");
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
