package dev.airlock.dto.openai;

import java.util.List;
import java.util.Map;

/**
 * The legacy {@code logprobs} of a text completion choice: parallel lists, one entry per token.
 *
 * @param tokens each token's text
 * @param tokenLogprobs each token's log probability
 * @param topLogprobs per token, the most likely alternatives (text to log probability)
 * @param textOffset per token, its character offset in the choice's text
 */
public record CompletionLogprobs(
        List<String> tokens,
        List<Double> tokenLogprobs,
        List<Map<String, Double>> topLogprobs,
        List<Integer> textOffset) {
}
