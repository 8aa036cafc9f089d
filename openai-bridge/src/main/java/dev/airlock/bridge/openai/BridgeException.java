package dev.airlock.bridge.openai;

/**
 * A request failed in a way the client should hear about. Each subclass maps to one HTTP status
 * and one OpenAI error {@code type}; the HTTP edge turns it into the OpenAI error object.
 */
public abstract sealed class BridgeException extends RuntimeException
        permits InvalidRequest, Unauthorized, ModelNotFound, RequestTooLarge, AirlockRejected,
        BadAirlockAnswer, AirlockUnavailable, AirlockTimeout, QueueFull {
    private final String param;
    private final String code;

    BridgeException(String message, String param, String code, Throwable cause) {
        super(message, cause);
        this.param = param;
        this.code = code;
    }

    /** Returns the HTTP status of this failure. */
    public abstract int status();

    /** Returns the OpenAI error type, e.g. {@code invalid_request_error}. */
    public abstract String type();

    /** Returns the request field at fault, or null. */
    public String param() {
        return param;
    }

    /** Returns the machine-readable error code, or null. */
    public String code() {
        return code;
    }
}
