package dev.airlock.dto.openai;

/**
 * The message of a non-streamed choice.
 *
 * @param role always {@code assistant}
 * @param content the generated text
 */
public record AssistantMessage(String role, String content) {
    public static final String ROLE = "assistant";

    /** Creates an assistant message with {@code content}. */
    public static AssistantMessage of(String content) {
        return new AssistantMessage(ROLE, content);
    }
}
