package dev.airlock.dto.openai;

/**
 * The {@code stream_options} object of a streamed request.
 *
 * @param includeUsage when true, one extra chunk with empty {@code choices} and the usage comes
 *     right before {@code [DONE]}
 */
public record StreamOptions(Boolean includeUsage) {
}
