package dev.airlock.inference.sampling;

/**
 * How to pick tokens, with the OpenAI/transformers meanings.
 *
 * @param temperature 0 for greedy (argmax); otherwise logits are divided by it, 0..2 as OpenAI allows
 * @param topP keep the smallest set of most likely tokens whose probability reaches this, (0, 1]; 1 disables
 * @param topK keep the k most likely tokens; 0 disables
 * @param minP drop tokens below {@code minP × p(most likely)}, [0, 1]; 0 disables
 * @param seed random seed; null draws one (different tokens each time)
 */
public record SamplingParams(double temperature, double topP, int topK, double minP, Long seed) {
    public SamplingParams {
        if (!(temperature >= 0 && temperature <= 2)) {
            throw new IllegalArgumentException("temperature must be within 0..2, found " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top_p must be within (0, 1], found " + topP);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top_k must be 0 (off) or positive, found " + topK);
        }
        if (!(minP >= 0 && minP <= 1)) {
            throw new IllegalArgumentException("min_p must be within 0..1, found " + minP);
        }
    }

    /** Greedy decoding. */
    public static SamplingParams greedy() {
        return new SamplingParams(0.0, 1.0, 0, 0.0, null);
    }
}
