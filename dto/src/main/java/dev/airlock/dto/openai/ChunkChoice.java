package dev.airlock.dto.openai;

import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbNillable;

/**
 * One choice of a stream chunk.
 *
 * @param index position of the choice
 * @param delta what this chunk adds
 * @param logprobs always written; null unless the request asked for logprobs, else a {@link ChoiceLogprobs} as JSON
 * @param finishReason written as null on every chunk but the last of the choice
 */
public record ChunkChoice(
        int index,
        Delta delta,
        @JsonbNillable JsonValue logprobs,
        @JsonbNillable String finishReason) {
}
