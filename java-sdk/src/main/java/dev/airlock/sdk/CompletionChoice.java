package dev.airlock.sdk;

/**
 * One choice of a plain-text completion.
 *
 * @param index position of the choice, 0 for the first
 * @param text the generated text
 * @param finishReason {@code stop} or {@code length}; null if the server did not say
 */
public record CompletionChoice(int index, String text, String finishReason) {
    /** Replaces null text with {@code ""}. */
    public CompletionChoice {
        text = text == null ? "" : text;
    }
}
