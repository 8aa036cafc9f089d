package dev.airlock.dto.openai;

import jakarta.json.JsonValue;

/**
 * One message of a chat completion request.
 *
 * @param role {@code system}, {@code developer}, {@code user}, {@code assistant} or {@code tool}
 * @param content a JSON string, an array of content parts ({@code {"type":"text","text":...}}),
 *     or null (allowed for assistant messages)
 * @param name optional participant name
 * @param toolCalls tool calls of an earlier assistant turn, as sent
 * @param toolCallId the call a {@code tool} message answers
 */
public record ChatMessage(String role, JsonValue content, String name, JsonValue toolCalls, String toolCallId) {
}
