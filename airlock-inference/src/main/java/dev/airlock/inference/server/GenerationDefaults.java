package dev.airlock.inference.server;

/**
 * A served model's defaults for fields a request leaves out ({@code models[].generation} in
 * {@code model_config.json}); a null field falls back to the OpenAI default (temperature 1,
 * top_p 1, no top_k or min_p, no max_tokens limit but the context).
 *
 * @param temperature default sampling temperature, 0 to 2
 * @param topP default nucleus mass, in (0, 1]
 * @param topK default top-k, 0 for none
 * @param minP default min-p, in [0, 1]
 * @param maxTokens default and upper bound of {@code max_tokens}, at least 1
 */
public record GenerationDefaults(Double temperature, Double topP, Integer topK, Double minP, Integer maxTokens) {
    /** No defaults: every missing field takes the OpenAI default. */
    public static final GenerationDefaults NONE = new GenerationDefaults(null, null, null, null, null);

    /** Returns the temperature to use for a request that asked for {@code requested} (may be null). */
    public double temperature(Double requested) {
        return pick(requested, temperature, 1.0);
    }

    /** Returns the top_p to use. */
    public double topP(Double requested) {
        return pick(requested, topP, 1.0);
    }

    /** Returns the top_k to use; negative means none, as in vLLM. */
    public int topK(Integer requested) {
        Integer value = requested != null ? requested : topK;
        return value == null || value < 0 ? 0 : value;
    }

    /** Returns the min_p to use. */
    public double minP(Double requested) {
        return pick(requested, minP, 0.0);
    }

    /** Returns the max_tokens to use, or null for "until the context is full". */
    public Integer maxTokens(Integer requested) {
        return requested != null ? requested : maxTokens;
    }

    private static double pick(Double requested, Double configured, double fallback) {
        if (requested != null) {
            return requested;
        }
        return configured != null ? configured : fallback;
    }
}
