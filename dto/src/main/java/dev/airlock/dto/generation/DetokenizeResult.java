package dev.airlock.dto.generation;

/**
 * Answer of {@code POST /internal/v1/detokenize}, in vLLM's shape.
 *
 * @param prompt the decoded text, special tokens included
 */
public record DetokenizeResult(String prompt) {
}
