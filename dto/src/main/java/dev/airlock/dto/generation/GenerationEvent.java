package dev.airlock.dto.generation;

import java.util.List;

import jakarta.json.bind.annotation.JsonbCreator;

/**
 * One event of a generation stream, one JSON object per line.
 *
 * <ul>
 * <li>{@code start}: {@code promptTokens} is set; always the first event, once per stream.</li>
 * <li>{@code delta}: {@code text} is the next piece of output of choice {@code index} and
 * {@code tokens} the number of generated tokens it completes (text may be empty while a UTF-8
 * character is incomplete); {@code logprobs} holds one entry per token when they were asked for.</li>
 * <li>{@code done}: the end of choice {@code index}: {@code finishReason} ({@code stop} or
 * {@code length}), {@code promptTokens} and that choice's {@code completionTokens}. With
 * {@code n} choices there are {@code n} done events, choice by choice; the last one ends a
 * success.</li>
 * <li>{@code error}: {@code status}, {@code errorType}, {@code message} and optionally
 * {@code param}; the last event of a failure.</li>
 * </ul>
 * A null {@code index} means choice 0, so a one-choice stream reads as before the field existed.
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
        String param,
        Integer index,
        List<TokenLogprob> logprobs) {
    public static final String START = "start";
    public static final String DELTA = "delta";
    public static final String DONE = "done";
    public static final String ERROR = "error";

    @JsonbCreator
    public GenerationEvent {
        logprobs = logprobs == null ? null : List.copyOf(logprobs);
    }

    /** An event without choice index or logprobs (choice 0). */
    public GenerationEvent(String type, String text, Integer tokens, Integer promptTokens, Integer completionTokens,
            String finishReason, Integer status, String errorType, String message, String param) {
        this(type, text, tokens, promptTokens, completionTokens, finishReason, status, errorType, message, param,
                null, null);
    }

    /** Creates the first event of a stream. */
    public static GenerationEvent start(int promptTokens) {
        return new GenerationEvent(START, null, null, promptTokens, null, null, null, null, null, null);
    }

    /** Creates an output event of choice 0 for {@code tokens} generated tokens whose new text is {@code text}. */
    public static GenerationEvent delta(String text, int tokens) {
        return new GenerationEvent(DELTA, text, tokens, null, null, null, null, null, null, null);
    }

    /** Creates an output event of choice {@code index}; {@code logprobs} may be null. */
    public static GenerationEvent delta(int index, String text, int tokens, List<TokenLogprob> logprobs) {
        return new GenerationEvent(DELTA, text, tokens, null, null, null, null, null, null, null, index,
                logprobs);
    }

    /** Creates the last event of a successful one-choice stream. */
    public static GenerationEvent done(String finishReason, int promptTokens, int completionTokens) {
        return new GenerationEvent(DONE, null, null, promptTokens, completionTokens, finishReason,
                null, null, null, null);
    }

    /** Creates the end of choice {@code index}. */
    public static GenerationEvent done(int index, String finishReason, int promptTokens, int completionTokens) {
        return new GenerationEvent(DONE, null, null, promptTokens, completionTokens, finishReason,
                null, null, null, null, index, null);
    }

    /** Creates the last event of a failed stream. */
    public static GenerationEvent error(int status, String errorType, String message, String param) {
        return new GenerationEvent(ERROR, null, null, null, null, null, status, errorType, message, param);
    }

    /** Returns the choice index, 0 when absent. */
    public int choiceIndex() {
        return index == null ? 0 : index;
    }
}
