package dev.airlock.inference.generation;

import java.util.Map;

/**
 * OpenAI's {@code logit_bias}: a fixed bias per token id added to its logit; -100 in practice
 * bans a token and 100 all but forces it. Ids outside the vocabulary are ignored here (the
 * request check rejects them first).
 */
record LogitBias(Map<Integer, Float> biases) implements LogitProcessor {
    LogitBias {
        biases = Map.copyOf(biases);
    }

    static LogitBias of(Map<String, Double> logitBias) {
        return new LogitBias(LogitProcessor.biases(logitBias));
    }

    @Override
    public void apply(float[] logits, TokenHistory history) {
        biases.forEach((id, bias) -> {
            if (id >= 0 && id < logits.length) {
                logits[id] += bias;
            }
        });
    }
}
