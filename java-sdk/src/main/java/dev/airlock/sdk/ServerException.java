package dev.airlock.sdk;

/**
 * The server failed (HTTP 500, and any status without a type of its own), or it answered with a body
 * the SDK cannot read (code {@code invalid_response}, with the status it came with).
 */
public final class ServerException extends AirlockException {
    ServerException(ErrorInfo info, Throwable cause) {
        super(info, cause);
    }
}
