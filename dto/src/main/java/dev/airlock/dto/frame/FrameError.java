package dev.airlock.dto.frame;

/**
 * Payload of an ERROR frame.
 *
 * @param status the HTTP status the failure maps to (for example 503 when the model is gone)
 * @param type an OpenAI error type, e.g. {@code server_error}
 * @param message what went wrong, safe to show to a client (no stack trace, no prompt)
 */
public record FrameError(int status, String type, String message) {
    public FrameError {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be in 400..599, got " + status);
        }
        type = type == null || type.isBlank() ? "server_error" : type;
        message = message == null ? "" : message;
    }
}
