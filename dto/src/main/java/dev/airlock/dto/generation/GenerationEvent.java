package dev.airlock.dto.generation;

/**
 * One event of a generation stream, one JSON object per line.
 *
 * <ul>
 * <li>{@code start}: {@code promptTokens} is set; always the first event.</li>
 * <li>{@code delta}: {@code text} is the next piece of output and {@code tokens} the number of
 * generated tokens it completes (text may be empty while a UTF-8 character is incomplete).</li>
 * <li>{@code done}: {@code finishReason} ({@code stop} or {@code length}),
 * {@code promptTokens} and {@code completionTokens}; always the last event of a success.</li>
 * <li>{@code error}: {@code status}, {@code errorType}, {@code message} and optionally
 * {@code param}; the last event of a failure.</li>
 * </ul>
 */
public record GenerationEvent(
        String type,
        String text,
        Integer tokens,
        Integer promptTokens,
        Integer completionTokens,
        String finishReason,
        Integer status,
        String errorType,
        String message,
        String param) {
    public static final String START = "start";
    public static final String DELTA = "delta";
    public static final String DONE = "done";
    public static final String ERROR = "error";

    /** Creates the first event of a stream. */
    public static GenerationEvent start(int promptTokens) {
        return new GenerationEvent(START, null, null, promptTokens, null, null, null, null, null, null);
    }

    /** Creates an output event for {@code tokens} generated tokens whose new text is {@code text}. */
    public static GenerationEvent delta(String text, int tokens) {
        return new GenerationEvent(DELTA, text, tokens, null, null, null, null, null, null, null);
    }

    /** Creates the last event of a successful stream. */
    public static GenerationEvent done(String finishReason, int promptTokens, int completionTokens) {
        return new GenerationEvent(DONE, null, null, promptTokens, completionTokens, finishReason,
                null, null, null, null);
    }

    /** Creates the last event of a failed stream. */
    public static GenerationEvent error(int status, String errorType, String message, String param) {
        return new GenerationEvent(ERROR, null, null, null, null, null, status, errorType, message, param);
    }
}
