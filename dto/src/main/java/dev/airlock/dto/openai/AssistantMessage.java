package dev.airlock.dto.openai;

import java.util.List;

import jakarta.json.bind.annotation.JsonbCreator;
import jakarta.json.bind.annotation.JsonbNillable;

/**
 * The message of a non-streamed choice.
 *
 * @param role always {@code assistant}
 * @param content the generated text; written as null when the message only calls tools
 * @param toolCalls the tool calls parsed from the output; omitted when there are none
 */
public record AssistantMessage(String role, @JsonbNillable String content, List<ToolCall> toolCalls) {
    public static final String ROLE = "assistant";

    @JsonbCreator
    public AssistantMessage {
        toolCalls = toolCalls == null || toolCalls.isEmpty() ? null : List.copyOf(toolCalls);
    }

    /** A message of role and content only. */
    public AssistantMessage(String role, String content) {
        this(role, content, null);
    }

    /** Creates an assistant message with {@code content}. */
    public static AssistantMessage of(String content) {
        return new AssistantMessage(ROLE, content, null);
    }
}
