package dev.airlock.sdk;

import java.util.List;

/**
 * One event of a streamed chat completion ({@code object: "chat.completion.chunk"}). The first
 * chunk of a choice carries the role, the next ones text, the last its finish reason. When the
 * request asked for usage, a final chunk has empty {@code choices} and the {@code usage}.
 *
 * @param id the completion id, the same on every chunk of a stream
 * @param created seconds since the epoch
 * @param model the model name, as the server echoes it
 * @param systemFingerprint the serving configuration, or null
 * @param choices the choices this chunk adds to; empty in the usage chunk
 * @param usage token counts in the usage chunk, null in every other chunk
 */
public record ChatChunk(
        String id,
        long created,
        String model,
        String systemFingerprint,
        List<ChatChunkChoice> choices,
        Usage usage) {
    /** Copies {@code choices}; null becomes empty. */
    public ChatChunk {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    /** Returns the text that this chunk adds to the first choice, or {@code ""} if none. */
    public String content() {
        if (choices.isEmpty()) {
            return "";
        }
        String content = choices.getFirst().delta().content();
        return content == null ? "" : content;
    }
}
