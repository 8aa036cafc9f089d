package dev.airlock.dto.openai;

import java.util.List;

/**
 * The {@code logprobs} of a chat choice or chunk choice.
 *
 * @param content one entry per generated token (of this chunk, when streamed)
 */
public record ChoiceLogprobs(List<TokenLogprobEntry> content) {
}
