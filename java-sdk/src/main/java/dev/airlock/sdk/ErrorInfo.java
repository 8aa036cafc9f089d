package dev.airlock.sdk;

import java.io.Serializable;
import java.time.Duration;

/**
 * The parts of a failure that every {@link AirlockException} carries.
 *
 * @param status the HTTP status, or 0 when no response came
 * @param type the OpenAI error type, or null
 * @param param the request field at fault, or null
 * @param code the machine-readable reason, or null
 * @param message what went wrong, as the server (or the SDK) said it; never null
 * @param retryAfter how long the server asked to wait before retrying, or null
 * @param source where it was found, e.g. {@code POST /v1/chat/completions}; never null
 */
record ErrorInfo(
        int status,
        String type,
        String param,
        String code,
        String message,
        Duration retryAfter,
        String source) implements Serializable {
    ErrorInfo {
        message = message == null || message.isBlank() ? "no error message given" : message;
        source = source == null ? "" : source;
    }

    /** Creates the info of a failure that got no HTTP response. */
    static ErrorInfo withoutResponse(String code, String message, String source) {
        return new ErrorInfo(0, null, null, code, message, null, source);
    }
}
