package dev.airlock.bridge.openai;

/** The request carries no valid API key (401). */
public final class Unauthorized extends BridgeException {
    public Unauthorized(String message) {
        super(message, null, "invalid_api_key", null);
    }

    @Override
    public int status() {
        return 401;
    }

    @Override
    public String type() {
        return "invalid_request_error";
    }
}
