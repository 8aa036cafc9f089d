package dev.airlock.sdk;

import java.util.List;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;

/**
 * Writes request bodies as the OpenAI API names their fields (snake_case). Fields left null are
 * left out, so the server's defaults apply.
 */
final class RequestEncoder {
    private static final JsonProvider JSON = JsonProvider.provider();

    private RequestEncoder() {
    }

    /** Encodes a chat request; {@code stream} decides {@code stream} and {@code stream_options}. */
    static String chat(ChatRequest request, boolean stream) {
        JsonArrayBuilder messages = JSON.createArrayBuilder();
        for (ChatMessage message : request.messages()) {
            messages.add(JSON.createObjectBuilder()
                    .add("role", message.role())
                    .add("content", message.content()));
        }
        JsonObjectBuilder body = JSON.createObjectBuilder()
                .add("model", request.model())
                .add("messages", messages);
        addSampling(body, request.maxTokens(), request.temperature(), request.topP(), request.seed(),
                request.stop(), request.n());
        addIfSet(body, "presence_penalty", request.presencePenalty());
        addIfSet(body, "frequency_penalty", request.frequencyPenalty());
        if (request.user() != null) {
            body.add("user", request.user());
        }
        body.add("stream", stream);
        if (stream && request.streamIncludeUsage()) {
            body.add("stream_options", JSON.createObjectBuilder().add("include_usage", true));
        }
        return body.build().toString();
    }

    /** Encodes a plain-text completion request, never streamed. */
    static String completion(CompletionRequest request) {
        JsonObjectBuilder body = JSON.createObjectBuilder()
                .add("model", request.model())
                .add("prompt", request.prompt());
        addSampling(body, request.maxTokens(), request.temperature(), request.topP(), request.seed(),
                request.stop(), request.n());
        return body.add("stream", false).build().toString();
    }

    /** Encodes {@code {"model","prompt"}} for {@code POST /tokenize}. */
    static String tokenize(String model, String prompt) {
        return JSON.createObjectBuilder()
                .add("model", model)
                .add("prompt", prompt)
                .build()
                .toString();
    }

    /** Encodes {@code {"model","tokens"}} for {@code POST /detokenize}. */
    static String detokenize(String model, List<Integer> tokens) {
        JsonArrayBuilder ids = JSON.createArrayBuilder();
        tokens.forEach(ids::add);
        return JSON.createObjectBuilder()
                .add("model", model)
                .add("tokens", ids)
                .build()
                .toString();
    }

    /** Encodes {@code {"lora_name","lora_path"}}, or {@code {"lora_name"}} when {@code path} is null. */
    static String adapter(String name, String path) {
        JsonObjectBuilder body = JSON.createObjectBuilder().add("lora_name", name);
        if (path != null) {
            body.add("lora_path", path);
        }
        return body.build().toString();
    }

    /** Encodes {@code {"model","prompt","max_tokens"}} for {@code POST /generate}. */
    static String generate(String model, String prompt, int maxTokens) {
        return JSON.createObjectBuilder()
                .add("model", model)
                .add("prompt", prompt)
                .add("max_tokens", maxTokens)
                .build()
                .toString();
    }

    private static void addSampling(JsonObjectBuilder body, Integer maxTokens, Double temperature,
            Double topP, Long seed, List<String> stop, Integer n) {
        if (maxTokens != null) {
            body.add("max_tokens", maxTokens);
        }
        addIfSet(body, "temperature", temperature);
        addIfSet(body, "top_p", topP);
        if (seed != null) {
            body.add("seed", seed);
        }
        if (!stop.isEmpty()) {
            JsonArrayBuilder sequences = JSON.createArrayBuilder();
            stop.forEach(sequences::add);
            body.add("stop", sequences);
        }
        if (n != null) {
            body.add("n", n);
        }
    }

    private static void addIfSet(JsonObjectBuilder body, String name, Double value) {
        if (value != null) {
            body.add(name, value);
        }
    }
}
