package dev.airlock.dto.openai;

import java.util.List;

import jakarta.json.bind.annotation.JsonbCreator;

/**
 * What one stream chunk adds to a choice; absent fields are omitted on the wire.
 *
 * @param role {@code assistant} in the first chunk of a choice only
 * @param content the next piece of text
 * @param toolCalls pieces of tool calls
 */
public record Delta(String role, String content, List<ToolCallDelta> toolCalls) {
    @JsonbCreator
    public Delta {
        toolCalls = toolCalls == null ? null : List.copyOf(toolCalls);
    }

    /** A delta of role and content only. */
    public Delta(String role, String content) {
        this(role, content, null);
    }
}
