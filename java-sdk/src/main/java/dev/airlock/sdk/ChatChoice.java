package dev.airlock.sdk;

/**
 * One choice of a blocking chat completion; there are {@code n} of them.
 *
 * @param index position of the choice, 0 for the first
 * @param message the generated assistant message
 * @param finishReason why generation stopped: {@code stop} (end of turn or a stop string) or
 *     {@code length} ({@code max_tokens} reached); null if the server did not say
 */
public record ChatChoice(int index, ChatMessage message, String finishReason) {
    /**
     * Validates the choice.
     *
     * @throws IllegalArgumentException when {@code message} is null or {@code index} negative
     */
    public ChatChoice {
        if (message == null) {
            throw new IllegalArgumentException("choice " + index + " has no message");
        }
        if (index < 0) {
            throw new IllegalArgumentException("choice index must be >= 0, got " + index);
        }
    }
}
