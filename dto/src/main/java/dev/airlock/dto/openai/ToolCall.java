package dev.airlock.dto.openai;

/**
 * A tool call of a non-streamed assistant message.
 *
 * @param id {@code call_} and a random suffix
 * @param type always {@code function}
 * @param function what to call
 */
public record ToolCall(String id, String type, FunctionCall function) {
    public static final String FUNCTION = "function";
}
