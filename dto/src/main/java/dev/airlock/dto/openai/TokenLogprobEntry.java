package dev.airlock.dto.openai;

import java.util.List;

/**
 * The log probability of one generated token in a chat choice's {@code logprobs.content}.
 *
 * @param token the token's text
 * @param logprob natural log of its probability, at most 0
 * @param bytes the UTF-8 bytes of the token
 * @param topLogprobs the most likely tokens at this position, most likely first; empty when not asked
 */
public record TokenLogprobEntry(String token, double logprob, List<Integer> bytes, List<TopLogprob> topLogprobs) {
}
