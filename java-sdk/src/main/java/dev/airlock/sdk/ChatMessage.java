package dev.airlock.sdk;

/**
 * One message of a conversation, sent in a {@link ChatRequest} or received in a
 * {@link ChatChoice}.
 *
 * @param role {@code system}, {@code developer}, {@code user}, {@code assistant} or {@code tool}
 * @param content the text; empty when an assistant answer had none
 */
public record ChatMessage(String role, String content) {
    /** Role of instructions that frame the conversation. */
    public static final String SYSTEM = "system";
    /** Role of the person asking. */
    public static final String USER = "user";
    /** Role of the model's answers. */
    public static final String ASSISTANT = "assistant";

    /**
     * Validates the message.
     *
     * @throws IllegalArgumentException when {@code role} is blank or {@code content} is null
     */
    public ChatMessage {
        if (role == null || role.isBlank()) {
            throw new IllegalArgumentException("message role must be set, e.g. \"user\"; got "
                    + (role == null ? "null" : "\"" + role + "\""));
        }
        if (content == null) {
            throw new IllegalArgumentException("content of a " + role
                    + " message must not be null; use \"\" for an empty message");
        }
    }

    /** Creates a system message. */
    public static ChatMessage system(String content) {
        return new ChatMessage(SYSTEM, content);
    }

    /** Creates a user message. */
    public static ChatMessage user(String content) {
        return new ChatMessage(USER, content);
    }

    /** Creates an assistant message, e.g. an earlier answer in a multi-turn conversation. */
    public static ChatMessage assistant(String content) {
        return new ChatMessage(ASSISTANT, content);
    }
}
