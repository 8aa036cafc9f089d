package dev.airlock.sdk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text completion request ({@code POST /v1/completions}): the prompt is sent as is,
 * without a chat template. Build one with {@link #builder()}; a null field is left out of the
 * request so the server's default applies.
 *
 * @param model the served model or adapter name
 * @param prompt the text to continue
 * @param maxTokens the most tokens to generate per choice, or null
 * @param temperature sampling temperature in [0, 2], or null
 * @param topP nucleus sampling mass in (0, 1], or null
 * @param seed seed for reproducible sampling, or null
 * @param stop up to four strings that end generation when produced; empty for none
 * @param n how many choices to generate, or null for one
 */
public record CompletionRequest(
        String model,
        String prompt,
        Integer maxTokens,
        Double temperature,
        Double topP,
        Long seed,
        List<String> stop,
        Integer n) {
    /**
     * Validates every field against the OpenAI ranges.
     *
     * @throws IllegalArgumentException naming the first field that is missing or out of range
     */
    public CompletionRequest {
        SamplingChecks.requireModel(model);
        if (prompt == null) {
            throw new IllegalArgumentException("prompt must not be null; use \"\" for an empty prompt");
        }
        SamplingChecks.checkMaxTokens(maxTokens);
        SamplingChecks.checkTemperature(temperature);
        SamplingChecks.checkTopP(topP);
        stop = SamplingChecks.checkStop(stop);
        SamplingChecks.checkN(n);
    }

    /** Returns an empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects the fields of a {@link CompletionRequest}; not thread-safe, and checked only by {@link #build()}. */
    public static final class Builder {
        private final List<String> stop = new ArrayList<>();
        private String model;
        private String prompt;
        private Integer maxTokens;
        private Double temperature;
        private Double topP;
        private Long seed;
        private Integer n;

        private Builder() {
        }

        /** Sets the served model or adapter name; required. */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /** Sets the text to continue; required. */
        public Builder prompt(String prompt) {
            this.prompt = prompt;
            return this;
        }

        /** Sets the most tokens to generate per choice (at least 1). */
        public Builder maxTokens(int maxTokens) {
            this.maxTokens = maxTokens;
            return this;
        }

        /** Sets the sampling temperature, in [0, 2]; 0 is greedy. */
        public Builder temperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        /** Sets the nucleus sampling mass, in (0, 1]. */
        public Builder topP(double topP) {
            this.topP = topP;
            return this;
        }

        /** Sets the sampling seed. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Replaces the stop strings (at most four). */
        public Builder stop(String... stop) {
            return stop(Arrays.asList(stop));
        }

        /** Replaces the stop strings (at most four). */
        public Builder stop(List<String> stop) {
            this.stop.clear();
            this.stop.addAll(stop);
            return this;
        }

        /** Sets how many choices to generate (at least 1). */
        public Builder n(int n) {
            this.n = n;
            return this;
        }

        /**
         * Builds the request.
         *
         * @throws IllegalArgumentException naming the first field that is missing or out of range
         */
        public CompletionRequest build() {
            return new CompletionRequest(model, prompt, maxTokens, temperature, topP, seed, stop, n);
        }
    }
}
