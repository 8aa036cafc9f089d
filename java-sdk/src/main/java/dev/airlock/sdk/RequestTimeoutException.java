package dev.airlock.sdk;

/**
 * The response did not begin within {@link AirlockClient.Builder#requestTimeout(java.time.Duration)}.
 * {@link #status()} is 0: the server sent nothing. The request is abandoned and its connection closed.
 */
public final class RequestTimeoutException extends AirlockException {
    RequestTimeoutException(ErrorInfo info, Throwable cause) {
        super(info, cause);
    }
}
