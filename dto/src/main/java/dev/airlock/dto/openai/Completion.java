package dev.airlock.dto.openai;

import java.util.List;

/**
 * A text completion ({@code object: "text_completion"}), whole or as one stream chunk.
 *
 * @param id {@code cmpl-} and a random suffix
 * @param object always {@code text_completion}
 * @param created seconds since the epoch
 * @param model the model name the client asked for, echoed
 * @param systemFingerprint identifies the serving configuration
 * @param choices the choices (one per chunk when streamed; none in a usage chunk)
 * @param usage token counts; omitted on stream chunks but the usage chunk
 */
public record Completion(
        String id,
        String object,
        long created,
        String model,
        String systemFingerprint,
        List<CompletionChoice> choices,
        Usage usage) {
    public static final String OBJECT = "text_completion";

    public Completion {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }
}
