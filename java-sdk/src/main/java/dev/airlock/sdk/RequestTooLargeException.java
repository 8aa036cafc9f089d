package dev.airlock.sdk;

/**
 * The request body is larger than the server accepts (HTTP 413, the bridge's
 * {@code bridge.max_body_bytes}); send fewer or shorter messages.
 */
public final class RequestTooLargeException extends AirlockException {
    RequestTooLargeException(ErrorInfo info, Throwable cause) {
        super(info, cause);
    }
}
