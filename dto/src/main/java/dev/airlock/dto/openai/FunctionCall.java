package dev.airlock.dto.openai;

/**
 * The function of a tool call, or one streamed piece of it (absent fields are omitted).
 *
 * @param name the function's name; in a stream, only in the call's first delta
 * @param arguments the arguments as JSON text; in a stream, the next fragment
 */
public record FunctionCall(String name, String arguments) {
}
