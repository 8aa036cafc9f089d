package dev.airlock.dto.generation;

import java.util.List;

/**
 * What the bridge asks the inference server to generate. The bridge has validated every field;
 * the inference server checks them again because the channel is a boundary.
 *
 * @param model the served model name (a base or an adapter)
 * @param messages the conversation to render with the model's chat template
 * @param maxTokens the most tokens to generate, at least 1; null for "until the context is full"
 * @param temperature 0 for greedy; null for the model's default
 * @param topP nucleus mass in (0, 1]; null for 1
 * @param seed sampling seed; null for a random one
 * @param stop strings that end the generation (not included in the output); may be empty
 */
public record GenerationRequest(
        String model,
        List<PromptMessage> messages,
        Integer maxTokens,
        Double temperature,
        Double topP,
        Long seed,
        List<String> stop) {
    public GenerationRequest {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model is required");
        }
        messages = messages == null ? List.of() : List.copyOf(messages);
        stop = stop == null ? List.of() : List.copyOf(stop);
    }
}
