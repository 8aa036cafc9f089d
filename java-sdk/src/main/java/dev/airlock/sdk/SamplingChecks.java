package dev.airlock.sdk;

import java.util.List;

/** Range checks of the sampling fields that chat and completion requests share, as OpenAI defines them. */
final class SamplingChecks {
    /** OpenAI accepts up to four stop sequences. */
    static final int MAX_STOP_SEQUENCES = 4;

    private SamplingChecks() {
    }

    static String requireModel(String model) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model must be set to a served model name"
                    + " (AirlockClient.models() lists them); got "
                    + (model == null ? "null" : "\"" + model + "\""));
        }
        return model;
    }

    static void checkMaxTokens(Integer maxTokens) {
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException("max_tokens must be >= 1, got " + maxTokens);
        }
    }

    static void checkTemperature(Double temperature) {
        checkRange("temperature", temperature, 0.0, 2.0);
    }

    static void checkTopP(Double topP) {
        if (topP != null && !(topP > 0.0 && topP <= 1.0)) {
            throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
        }
    }

    static void checkN(Integer n) {
        if (n != null && n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
    }

    static void checkPenalty(String name, Double penalty) {
        checkRange(name, penalty, -2.0, 2.0);
    }

    static List<String> checkStop(List<String> stop) {
        if (stop == null) {
            return List.of();
        }
        if (stop.size() > MAX_STOP_SEQUENCES) {
            throw new IllegalArgumentException("stop takes at most " + MAX_STOP_SEQUENCES
                    + " sequences, got " + stop.size());
        }
        for (int i = 0; i < stop.size(); i++) {
            String sequence = stop.get(i);
            if (sequence == null || sequence.isEmpty()) {
                throw new IllegalArgumentException("stop[" + i + "] must be a non-empty string");
            }
        }
        return List.copyOf(stop);
    }

    private static void checkRange(String name, Double value, double min, double max) {
        if (value != null && !(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + value);
        }
    }
}
