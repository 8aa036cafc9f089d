package dev.airlock.bridge.openai;

/** The airlock is down or not ready (503); the client may retry after {@link #RETRY_AFTER_SECONDS}. */
public final class AirlockUnavailable extends BridgeException {
    /** What a 503 answer suggests in {@code Retry-After}. */
    public static final int RETRY_AFTER_SECONDS = 5;

    public AirlockUnavailable(String message, Throwable cause) {
        this(message, "airlock_unavailable", cause);
    }

    private AirlockUnavailable(String message, String code, Throwable cause) {
        super(message, null, code, cause);
    }

    /** The airlock answers but its models are not loaded yet. */
    public static AirlockUnavailable loading() {
        return new AirlockUnavailable("the models are still loading; retry in a few seconds.", "models_loading",
                null);
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
