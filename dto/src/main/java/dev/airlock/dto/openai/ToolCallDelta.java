package dev.airlock.dto.openai;

/**
 * One streamed piece of a tool call: the first carries {@code id}, {@code type} and the
 * function's name, later ones only {@code index} and an arguments fragment.
 *
 * @param index which call of the message this piece belongs to
 * @param id the call's id, first piece only
 * @param type {@code function}, first piece only
 * @param function the name (first piece) and an arguments fragment
 */
public record ToolCallDelta(int index, String id, String type, FunctionCall function) {
}
