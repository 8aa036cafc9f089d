package dev.airlock.sdk;

/**
 * What one stream chunk adds to a choice.
 *
 * @param role {@code assistant} in the first chunk of a choice, null after
 * @param content the next piece of text, or null (e.g. in the role chunk and the finish chunk)
 */
public record ChatDelta(String role, String content) {
}
