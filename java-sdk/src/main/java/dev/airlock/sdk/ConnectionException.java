package dev.airlock.sdk;

/**
 * No usable response came: the connection was refused, reset or timed out while connecting, the
 * stream ended before {@code data: [DONE]}, or the calling thread was interrupted (code
 * {@code interrupted}, with the interrupt flag restored). {@link #status()} is 0.
 */
public final class ConnectionException extends AirlockException {
    ConnectionException(ErrorInfo info, Throwable cause) {
        super(info, cause);
    }
}
