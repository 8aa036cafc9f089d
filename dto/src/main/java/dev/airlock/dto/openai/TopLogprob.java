package dev.airlock.dto.openai;

import java.util.List;

/**
 * One of the most likely tokens at a position.
 *
 * @param token the token's text
 * @param logprob natural log of its probability
 * @param bytes the UTF-8 bytes of the token
 */
public record TopLogprob(String token, double logprob, List<Integer> bytes) {
}
