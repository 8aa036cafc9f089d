package dev.airlock.bridge.openai;

/** The request is malformed or asks for something this server cannot do (400). */
public final class InvalidRequest extends BridgeException {
    public InvalidRequest(String message, String param) {
        super(message, param, null, null);
    }

    public InvalidRequest(String message, String param, String code) {
        super(message, param, code, null);
    }

    @Override
    public int status() {
        return 400;
    }

    @Override
    public String type() {
        return "invalid_request_error";
    }
}
