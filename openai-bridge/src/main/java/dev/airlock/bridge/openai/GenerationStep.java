package dev.airlock.bridge.openai;

/** One checked step of a generation stream after its start: more text, or the end. */
public sealed interface GenerationStep {
    /**
     * More output.
     *
     * @param text the new text, possibly empty while a character is incomplete
     * @param tokens generated tokens this step completes
     */
    record TextDelta(String text, int tokens) implements GenerationStep {
    }

    /**
     * The generation ended.
     *
     * @param finishReason {@code stop} or {@code length}
     * @param promptTokens tokens of the rendered prompt
     * @param completionTokens tokens generated
     */
    record Finished(String finishReason, int promptTokens, int completionTokens) implements GenerationStep {
    }
}
