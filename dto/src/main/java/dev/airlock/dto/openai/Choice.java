package dev.airlock.dto.openai;

import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbNillable;

/**
 * One choice of a non-streamed completion.
 *
 * @param index position of the choice, 0 for the first
 * @param message the generated message
 * @param logprobs always written; null unless the request asked for logprobs, else a {@link ChoiceLogprobs} as JSON
 * @param finishReason {@code stop}, {@code length} or {@code tool_calls}
 */
public record Choice(int index, AssistantMessage message, @JsonbNillable JsonValue logprobs, String finishReason) {
}
