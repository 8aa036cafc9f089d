package dev.airlock.dto.openai;

import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbNillable;

/**
 * One choice of a text completion.
 *
 * @param index position of the choice
 * @param text the generated text (this chunk's piece, when streamed)
 * @param logprobs the legacy log probabilities ({@link CompletionLogprobs} as JSON); written as null unless asked for
 * @param finishReason {@code stop} or {@code length}; null on every chunk but the choice's last
 */
public record CompletionChoice(
        int index,
        String text,
        @JsonbNillable JsonValue logprobs,
        @JsonbNillable String finishReason) {
}
