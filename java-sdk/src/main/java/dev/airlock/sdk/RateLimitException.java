package dev.airlock.sdk;

/**
 * Too many requests (HTTP 429). {@link #retryAfter()} gives the server's {@code Retry-After}
 * when it sent one; wait at least that long before retrying.
 */
public final class RateLimitException extends AirlockException {
    RateLimitException(ErrorInfo info, Throwable cause) {
        super(info, cause);
    }
}
