package dev.airlock.dto.openai;

/**
 * What one stream chunk adds to a choice; absent fields are omitted on the wire.
 *
 * @param role {@code assistant} in the first chunk of a choice only
 * @param content the next piece of text
 */
public record Delta(String role, String content) {
}
