package dev.airlock.bridge.openai;

/** The airlock is down or not ready (503). */
public final class AirlockUnavailable extends BridgeException {
    public AirlockUnavailable(String message, Throwable cause) {
        super(message, null, "airlock_unavailable", cause);
    }

    @Override
    public int status() {
        return 503;
    }

    @Override
    public String type() {
        return "server_error";
    }
}
