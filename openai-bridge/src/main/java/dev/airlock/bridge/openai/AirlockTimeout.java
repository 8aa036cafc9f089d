package dev.airlock.bridge.openai;

/** The airlock did not answer in time (504). */
public final class AirlockTimeout extends BridgeException {
    public AirlockTimeout(String message, Throwable cause) {
        super(message, null, "airlock_timeout", cause);
    }

    @Override
    public int status() {
        return 504;
    }

    @Override
    public String type() {
        return "server_error";
    }
}
