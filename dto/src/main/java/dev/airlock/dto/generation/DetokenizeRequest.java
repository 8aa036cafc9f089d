package dev.airlock.dto.generation;

import java.util.List;

/**
 * Body of {@code POST /internal/v1/detokenize}.
 *
 * @param model the served model name
 * @param tokens the ids to decode, each within the vocabulary
 */
public record DetokenizeRequest(String model, List<Integer> tokens) {
}
