package dev.airlock.sdk;

/**
 * The server cannot serve now, e.g. the model is still loading (HTTP 503, code
 * {@code airlock_unavailable} from the bridge). Retrying later may work; see {@link #retryAfter()}.
 */
public final class ServiceUnavailableException extends AirlockException {
    ServiceUnavailableException(ErrorInfo info, Throwable cause) {
        super(info, cause);
    }
}
