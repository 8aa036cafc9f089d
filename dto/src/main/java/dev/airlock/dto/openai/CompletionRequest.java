package dev.airlock.dto.openai;

import jakarta.json.JsonValue;

/**
 * Body of {@code POST /v1/completions} (OpenAI's legacy text completions). {@code prompt} is a
 * string, or a list of one string; {@code logprobs} is the legacy integer (0..5 alternatives).
 */
public record CompletionRequest(
        String model,
        JsonValue prompt,
        Integer maxTokens,
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
        Integer logprobs,
        Boolean echo,
        String suffix,
        Integer bestOf,
        String user,
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
