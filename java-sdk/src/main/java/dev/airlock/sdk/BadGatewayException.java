package dev.airlock.sdk;

/**
 * The bridge got a bad answer from the inference side behind it (HTTP 502, code
 * {@code bad_airlock_answer} from the bridge).
 */
public final class BadGatewayException extends AirlockException {
    BadGatewayException(ErrorInfo info, Throwable cause) {
        super(info, cause);
    }
}
