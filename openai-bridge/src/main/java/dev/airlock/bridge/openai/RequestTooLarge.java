package dev.airlock.bridge.openai;

/** The request body exceeds {@code bridge.max_body_bytes} (413). */
public final class RequestTooLarge extends BridgeException {
    public RequestTooLarge(long limitBytes) {
        super("request body exceeds bridge.max_body_bytes=" + limitBytes
                + "; send a smaller body", null, "request_too_large", null);
    }

    @Override
    public int status() {
        return 413;
    }

    @Override
    public String type() {
        return "invalid_request_error";
    }
}
