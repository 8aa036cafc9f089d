package dev.airlock.inference.generation;

/**
 * OpenAI's presence and frequency penalties over the generated tokens only:
 * {@code logit[j] -= count[j] * frequency + (count[j] > 0 ? presence : 0)}.
 */
record OccurrencePenalty(float presence, float frequency) implements LogitProcessor {
    @Override
    public void apply(float[] logits, TokenHistory history) {
        history.generatedCounts().forEach((id, count) -> {
            if (id >= 0 && id < logits.length) {
                logits[id] -= count * frequency + presence;
            }
        });
    }
}
