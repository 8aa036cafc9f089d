package dev.airlock.sdk;

/**
 * The API key is missing or wrong (HTTP 401, code {@code invalid_api_key} from the bridge).
 * Set it with {@link AirlockClient.Builder#apiKey(String)}.
 */
public final class AuthenticationException extends AirlockException {
    AuthenticationException(ErrorInfo info, Throwable cause) {
        super(info, cause);
    }
}
