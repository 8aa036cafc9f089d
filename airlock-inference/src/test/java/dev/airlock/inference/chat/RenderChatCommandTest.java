package dev.airlock.inference.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import dev.airlock.inference.cli.RenderChatCommand;

class RenderChatCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsThePromptOfAMessagesFile() throws IOException {
        Path messages = dir.resolve("messages.json");
        Files.writeString(messages, "[{\"role\": \"system\", \"content\": \"Be brief.\"},"
                + " {\"role\": \"user\", \"content\": \"Hi\"}]");
        var out = new StringWriter();
        var command = new CommandLine(new RenderChatCommand()).setOut(new PrintWriter(out));

        int status = command.execute("--model", dir.toString(), "--messages", messages.toString());

        assertThat(status).isZero();
        assertThat(out.toString()).isEqualTo("<|system|>Be brief.<|end|><|user|>Hi<|end|><|assistant|>"
                + System.lineSeparator());
    }

    @Test
    void putsTheToolsFileVerbatimOnTheSystemMessage() throws IOException {
        Path messages = dir.resolve("messages.json");
        Files.writeString(messages, "[{\"role\": \"system\", \"content\": \"Use tools.\"}]");
        Path tools = dir.resolve("tools.json");
        Files.writeString(tools, "[{\"name\": \"get_weather\"}]\n");
        var out = new StringWriter();
        var command = new CommandLine(new RenderChatCommand()).setOut(new PrintWriter(out));

        int status = command.execute("--model", dir.toString(), "--messages", messages.toString(),
                "--tools", tools.toString(), "--no-generation-prompt");

        assertThat(status).isZero();
        assertThat(out.toString().strip()).isEqualTo("<|system|>Use tools.<|tool|>[{\"name\": \"get_weather\"}]"
                + "<|/tool|><|end|><|endoftext|>");
    }

    @Test
    void failsOnAMessageWithoutARole() throws IOException {
        Path messages = dir.resolve("messages.json");
        Files.writeString(messages, "[{\"content\": \"Hi\"}]");
        var err = new StringWriter();
        var command = new CommandLine(new RenderChatCommand()).setErr(new PrintWriter(err));

        int status = command.execute("--model", dir.toString(), "--messages", messages.toString());

        assertThat(status).isNotZero();
        assertThat(err.toString()).contains("message 0 must be an object with a string \"role\"");
    }
}
