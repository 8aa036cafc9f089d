package dev.airlock.sdk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A chat completion request: the conversation and how to sample the answer. Build one with
 * {@link #builder()}; every sampling field is optional, and a null field is left out of the
 * request so the server's default applies. Whether the answer is streamed is decided by the call:
 * {@link AirlockClient#chat(ChatRequest)} or {@link AirlockClient#chatStream(ChatRequest)}.
 *
 * @param model the served model or adapter name
 * @param messages the conversation, oldest first; at least one
 * @param maxTokens the most tokens to generate per choice, or null
 * @param temperature sampling temperature in [0, 2], or null
 * @param topP nucleus sampling mass in (0, 1], or null
 * @param seed seed for reproducible sampling, or null
 * @param stop up to four strings that end generation when produced; empty for none
 * @param n how many choices to generate, or null for one
 * @param presencePenalty in [-2, 2], or null
 * @param frequencyPenalty in [-2, 2], or null
 * @param user an end-user id for the server's logs, or null
 * @param streamIncludeUsage whether a streamed answer ends with a usage chunk; ignored by
 *     {@link AirlockClient#chat(ChatRequest)}, whose answer always has usage
 */
public record ChatRequest(
        String model,
        List<ChatMessage> messages,
        Integer maxTokens,
        Double temperature,
        Double topP,
        Long seed,
        List<String> stop,
        Integer n,
        Double presencePenalty,
        Double frequencyPenalty,
        String user,
        boolean streamIncludeUsage) {
    /**
     * Validates every field against the OpenAI ranges.
     *
     * @throws IllegalArgumentException naming the first field that is missing or out of range
     */
    public ChatRequest {
        SamplingChecks.requireModel(model);
        if (messages == null || messages.isEmpty()) {
            throw new IllegalArgumentException("messages must hold at least one message;"
                    + " add one with addUserMessage(...)");
        }
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i) == null) {
                throw new IllegalArgumentException("messages[" + i + "] must not be null");
            }
        }
        messages = List.copyOf(messages);
        SamplingChecks.checkMaxTokens(maxTokens);
        SamplingChecks.checkTemperature(temperature);
        SamplingChecks.checkTopP(topP);
        stop = SamplingChecks.checkStop(stop);
        SamplingChecks.checkN(n);
        SamplingChecks.checkPenalty("presence_penalty", presencePenalty);
        SamplingChecks.checkPenalty("frequency_penalty", frequencyPenalty);
    }

    /** Returns an empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder holding this request's fields, e.g. to add the next turn of a conversation. */
    public Builder toBuilder() {
        var builder = new Builder()
                .model(model)
                .messages(messages)
                .stop(stop)
                .streamIncludeUsage(streamIncludeUsage);
        builder.maxTokens = maxTokens;
        builder.temperature = temperature;
        builder.topP = topP;
        builder.seed = seed;
        builder.n = n;
        builder.presencePenalty = presencePenalty;
        builder.frequencyPenalty = frequencyPenalty;
        builder.user = user;
        return builder;
    }

    /** Collects the fields of a {@link ChatRequest}; not thread-safe, and checked only by {@link #build()}. */
    public static final class Builder {
        private final List<ChatMessage> messages = new ArrayList<>();
        private final List<String> stop = new ArrayList<>();
        private String model;
        private Integer maxTokens;
        private Double temperature;
        private Double topP;
        private Long seed;
        private Integer n;
        private Double presencePenalty;
        private Double frequencyPenalty;
        private String user;
        private boolean streamIncludeUsage;

        private Builder() {
        }

        /** Sets the served model or adapter name; required. */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /** Appends a message to the conversation. */
        public Builder addMessage(ChatMessage message) {
            messages.add(message);
            return this;
        }

        /** Replaces the conversation with {@code messages}. */
        public Builder messages(List<ChatMessage> messages) {
            this.messages.clear();
            this.messages.addAll(messages);
            return this;
        }

        /** Appends a {@code system} message. */
        public Builder addSystemMessage(String content) {
            return addMessage(ChatMessage.system(content));
        }

        /** Appends a {@code user} message. */
        public Builder addUserMessage(String content) {
            return addMessage(ChatMessage.user(content));
        }

        /** Appends an {@code assistant} message, e.g. an earlier answer. */
        public Builder addAssistantMessage(String content) {
            return addMessage(ChatMessage.assistant(content));
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

        /** Sets the sampling seed, so the same request can give the same answer. */
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

        /** Sets the presence penalty, in [-2, 2]. */
        public Builder presencePenalty(double presencePenalty) {
            this.presencePenalty = presencePenalty;
            return this;
        }

        /** Sets the frequency penalty, in [-2, 2]. */
        public Builder frequencyPenalty(double frequencyPenalty) {
            this.frequencyPenalty = frequencyPenalty;
            return this;
        }

        /** Sets an end-user id that the server may log. */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** Asks a streamed answer to end with a usage chunk ({@code stream_options.include_usage}). */
        public Builder streamIncludeUsage(boolean streamIncludeUsage) {
            this.streamIncludeUsage = streamIncludeUsage;
            return this;
        }

        /**
         * Builds the request.
         *
         * @throws IllegalArgumentException naming the first field that is missing or out of range
         */
        public ChatRequest build() {
            return new ChatRequest(model, messages, maxTokens, temperature, topP, seed, stop, n,
                    presencePenalty, frequencyPenalty, user, streamIncludeUsage);
        }
    }
}
