package dev.airlock.dto.openai;

import java.util.List;

import jakarta.json.JsonValue;

/**
 * Body of {@code POST /v1/chat/completions}, as the OpenAI API defines it. Every field is
 * optional on the wire; the bridge's validator decides what is required and what it supports.
 * Polymorphic fields ({@code stop}: string or list; {@code tool_choice}: string or object) and
 * fields passed through as sent ({@code tools}, {@code response_format}, {@code logit_bias}) are
 * {@link JsonValue}s.
 */
public record ChatCompletionRequest(
        String model,
        List<ChatMessage> messages,
        Integer maxTokens,
        Integer maxCompletionTokens,
        Double temperature,
        Double topP,
        Integer n,
        JsonValue stop,
        Long seed,
        Boolean stream,
        StreamOptions streamOptions,
        Double presencePenalty,
        Double frequencyPenalty,
        JsonValue logitBias,
        Boolean logprobs,
        Integer topLogprobs,
        String user,
        JsonValue tools,
        JsonValue toolChoice,
        JsonValue responseFormat,
        Integer topK,
        Double minP,
        Double repetitionPenalty) {
    /** Returns whether the client asked for a server-sent event stream. */
    public boolean isStream() {
        return Boolean.TRUE.equals(stream);
    }

    /** Returns whether a streamed response must end with a usage chunk. */
    public boolean includeUsage() {
        return streamOptions != null && Boolean.TRUE.equals(streamOptions.includeUsage());
    }
}
