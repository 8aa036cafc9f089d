package dev.airlock.sdk;

import java.util.List;

/**
 * The answer of a blocking chat call ({@code object: "chat.completion"}).
 *
 * @param id the completion id, {@code chatcmpl-...}
 * @param created seconds since the epoch
 * @param model the model name, as the server echoes it
 * @param systemFingerprint the serving configuration, or null
 * @param choices the choices, one per {@code n}, in index order
 * @param usage token counts, or null if the server sent none
 */
public record ChatCompletion(
        String id,
        long created,
        String model,
        String systemFingerprint,
        List<ChatChoice> choices,
        Usage usage) {
    /** Copies {@code choices}; null becomes empty. */
    public ChatCompletion {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    /**
     * Returns the text of the first choice, the usual answer when {@code n} is 1.
     *
     * @throws IllegalStateException when the server sent no choices
     */
    public String content() {
        if (choices.isEmpty()) {
            throw new IllegalStateException("chat completion " + id + " has no choices");
        }
        return choices.getFirst().message().content();
    }
}
