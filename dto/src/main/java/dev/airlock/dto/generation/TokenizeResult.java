package dev.airlock.dto.generation;

import java.util.List;

/**
 * Answer of {@code POST /internal/v1/tokenize}, in vLLM's shape.
 *
 * @param count how many tokens
 * @param maxModelLen the model's context length
 * @param tokens the token ids
 */
public record TokenizeResult(int count, int maxModelLen, List<Integer> tokens) {
}
