package dev.airlock.dto.generation;

/**
 * One chat message as the inference server renders it: content already flattened to text.
 *
 * @param role {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content the text of the message, never null
 */
public record PromptMessage(String role, String content) {
    public PromptMessage {
        if (role == null || role.isBlank()) {
            throw new IllegalArgumentException("role is required");
        }
        content = content == null ? "" : content;
    }
}
