package dev.airlock.dto.openai;

import java.util.List;

/**
 * A non-streamed chat completion ({@code object: "chat.completion"}).
 *
 * @param id {@code chatcmpl-} and a random suffix
 * @param object always {@code chat.completion}
 * @param created seconds since the epoch
 * @param model the model name the client asked for, echoed
 * @param systemFingerprint identifies the serving configuration
 * @param choices the choices, one per {@code n}
 * @param usage token counts
 */
public record ChatCompletion(
        String id,
        String object,
        long created,
        String model,
        String systemFingerprint,
        List<Choice> choices,
        Usage usage) {
    public static final String OBJECT = "chat.completion";

    public ChatCompletion {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }
}
