package dev.airlock.inference.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dev.airlock.dto.generation.PromptMessage;
import dev.airlock.inference.chat.ChatTemplate;

/** Prints the prompt a checkpoint's chat template makes of a JSON array of messages. */
@Command(name = "render-chat", mixinStandardHelpOptions = true,
        description = "Print the prompt text of a JSON array of {role, content} messages.")
public final class RenderChatCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "checkpoint folder (its tokenizer_config.json)")
    Path model;

    @Option(names = "--messages", required = true, description = "JSON file: [{\"role\": ..., \"content\": ...}]")
    Path messages;

    @Option(names = "--tools", description = "JSON file with the tool list, placed on the system message")
    Path tools;

    @Option(names = "--no-generation-prompt", negatable = false,
            description = "end with the EOS token instead of <|assistant|>")
    boolean noGenerationPrompt;

    @Override
    public Integer call() {
        String toolsJson = tools == null ? null : toolsText();
        String prompt = ChatTemplate.load(model).render(messages(), toolsJson, !noGenerationPrompt);
        spec.commandLine().getOut().println(prompt);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private List<PromptMessage> messages() {
        if (!(read(messages) instanceof JsonArray array)) {
            throw new IllegalArgumentException(messages + " must hold a JSON array of {role, content} objects");
        }
        var result = new ArrayList<PromptMessage>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof JsonObject message && message.get("role") instanceof JsonString role)) {
                throw new IllegalArgumentException(messages + ": message " + i
                        + " must be an object with a string \"role\", found " + array.get(i));
            }
            JsonValue content = message.getOrDefault("content", JsonValue.NULL);
            if (content != JsonValue.NULL && !(content instanceof JsonString)) {
                throw new IllegalArgumentException(messages + ": message " + i
                        + " must have string or null \"content\", found " + content);
            }
            result.add(new PromptMessage(role.getString(),
                    content instanceof JsonString text ? text.getString() : null));
        }
        return result;
    }

    // Verbatim, once it parses: the model sees the caller's formatting of the tool list.
    private String toolsText() {
        read(tools);
        try {
            return Files.readString(tools).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tools, e);
        }
    }

    private static JsonValue read(Path file) {
        try (Reader reader = Files.newBufferedReader(file); var json = Json.createReader(reader)) {
            return json.readValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (JsonException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }
}
