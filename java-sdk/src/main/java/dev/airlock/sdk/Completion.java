package dev.airlock.sdk;

import java.util.List;

/**
 * The answer of {@code POST /v1/completions} ({@code object: "text_completion"}).
 *
 * @param id the completion id
 * @param created seconds since the epoch
 * @param model the model name, as the server echoes it
 * @param choices the choices, one per {@code n}
 * @param usage token counts, or null if the server sent none
 */
public record Completion(
        String id,
        long created,
        String model,
        List<CompletionChoice> choices,
        Usage usage) {
    /** Copies {@code choices}; null becomes empty. */
    public Completion {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    /**
     * Returns the text of the first choice.
     *
     * @throws IllegalStateException when the server sent no choices
     */
    public String text() {
        if (choices.isEmpty()) {
            throw new IllegalStateException("completion " + id + " has no choices");
        }
        return choices.getFirst().text();
    }
}
