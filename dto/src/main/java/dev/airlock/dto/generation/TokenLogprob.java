package dev.airlock.dto.generation;

import java.util.List;

/**
 * The log probability of one generated token, and optionally of the most likely alternatives
 * at its position (the alternatives' own {@code topLogprobs} are null).
 *
 * @param id the token id
 * @param token the token's text
 * @param logprob natural log of its probability, at most 0
 * @param bytes the UTF-8 bytes of {@code token}
 * @param topLogprobs the most likely tokens at this position, most likely first; empty when not asked
 */
public record TokenLogprob(int id, String token, double logprob, List<Integer> bytes, List<TokenLogprob> topLogprobs) {
}
