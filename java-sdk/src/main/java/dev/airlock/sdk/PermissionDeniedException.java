package dev.airlock.sdk;

/**
 * The API key is valid but may not do this (HTTP 403).
 */
public final class PermissionDeniedException extends AirlockException {
    PermissionDeniedException(ErrorInfo info, Throwable cause) {
        super(info, cause);
    }
}
