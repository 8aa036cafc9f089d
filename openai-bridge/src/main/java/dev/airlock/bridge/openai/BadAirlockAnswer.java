package dev.airlock.bridge.openai;

/** The airlock answered something that breaks the internal protocol (502). */
public final class BadAirlockAnswer extends BridgeException {
    public BadAirlockAnswer(String message) {
        super(message, null, "bad_airlock_answer", null);
    }

    public BadAirlockAnswer(String message, Throwable cause) {
        super(message, null, "bad_airlock_answer", cause);
    }

    @Override
    public int status() {
        return 502;
    }

    @Override
    public String type() {
        return "server_error";
    }
}
