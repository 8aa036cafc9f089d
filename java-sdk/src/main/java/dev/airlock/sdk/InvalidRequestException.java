package dev.airlock.sdk;

/**
 * The server refused the request as malformed or unsupported: HTTP 400, and any other 4xx
 * status without a type of its own (405, 409, 422, ...). {@link #param()} names the field at fault.
 */
public final class InvalidRequestException extends AirlockException {
    InvalidRequestException(ErrorInfo info, Throwable cause) {
        super(info, cause);
    }
}
