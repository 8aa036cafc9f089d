package dev.airlock.sdk;

/**
 * The bridge gave up waiting for the inference side (HTTP 504, code {@code airlock_timeout} from
 * the bridge). This is the server's timeout; the client's own is {@link RequestTimeoutException}.
 */
public final class GatewayTimeoutException extends AirlockException {
    GatewayTimeoutException(ErrorInfo info, Throwable cause) {
        super(info, cause);
    }
}
