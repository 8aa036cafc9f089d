package dev.airlock.bridge.openai;

import java.util.List;

import dev.airlock.dto.generation.TokenLogprob;

/** One checked step of a generation stream after its start: more text of a choice, or a choice's end. */
public sealed interface GenerationStep {
    /**
     * More output.
     *
     * @param index the choice
     * @param text the new text, possibly empty while a character is incomplete
     * @param tokens generated tokens this step completes
     * @param logprobs one entry per token when asked for, else empty
     */
    record TextDelta(int index, String text, int tokens, List<TokenLogprob> logprobs) implements GenerationStep {
        public TextDelta {
            logprobs = logprobs == null ? List.of() : logprobs;
        }

        /** A delta of choice 0 without logprobs. */
        public TextDelta(String text, int tokens) {
            this(0, text, tokens, List.of());
        }
    }

    /**
     * A choice ended; after the last choice's, the stream is complete.
     *
     * @param index the choice
     * @param finishReason {@code stop} or {@code length}
     * @param promptTokens tokens of the rendered prompt
     * @param completionTokens tokens generated for this choice
     */
    record Finished(int index, String finishReason, int promptTokens, int completionTokens)
            implements GenerationStep {
        /** The end of choice 0. */
        public Finished(String finishReason, int promptTokens, int completionTokens) {
            this(0, finishReason, promptTokens, completionTokens);
        }
    }
}
