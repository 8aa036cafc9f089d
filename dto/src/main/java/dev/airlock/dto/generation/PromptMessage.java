package dev.airlock.dto.generation;

import jakarta.json.bind.annotation.JsonbCreator;

/**
 * One chat message as the inference server renders it: content already flattened to text.
 *
 * @param role {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content the text of the message, never null ("" for an assistant turn that only calls tools)
 * @param name optional participant or tool name; not rendered (Phi-4's template has no place for it)
 * @param toolCalls an assistant turn's tool calls as JSON text in Phi-4's format
 *     ({@code [{"name": ..., "arguments": {...}}]}), rendered after the content between
 *     {@code <|tool_call|>} and {@code <|/tool_call|>}; null for none
 * @param toolCallId the call a {@code tool} message answers; not rendered
 */
public record PromptMessage(String role, String content, String name, String toolCalls, String toolCallId) {
    @JsonbCreator
    public PromptMessage {
        if (role == null || role.isBlank()) {
            throw new IllegalArgumentException("role is required");
        }
        content = content == null ? "" : content;
    }

    /** A message with only role and content. */
    public PromptMessage(String role, String content) {
        this(role, content, null, null, null);
    }
}
