package dev.airlock.sdk;

/**
 * The model, adapter or route does not exist (HTTP 404). An unknown model has code
 * {@code model_not_found}; a route the server does not serve is also a 404, so check {@link #code()}.
 */
public final class NotFoundException extends AirlockException {
    NotFoundException(ErrorInfo info, Throwable cause) {
        super(info, cause);
    }
}
