package dev.airlock.bridge.openai;

/** The requested model or adapter is not served (404, {@code code: model_not_found}). */
public final class ModelNotFound extends BridgeException {
    private static final int MAX_SHOWN_CHARS = 256;

    private ModelNotFound(String message) {
        super(message, "model", "model_not_found", null);
    }

    /** Creates the error for a model name the bridge does not know. */
    public static ModelNotFound of(String model) {
        String shown = model.length() > MAX_SHOWN_CHARS ? model.substring(0, MAX_SHOWN_CHARS) + "..." : model;
        return new ModelNotFound("The model '" + shown
                + "' does not exist; GET /v1/models lists the served models.");
    }

    /** Creates the error with a message the airlock sent. */
    static ModelNotFound withMessage(String message) {
        return new ModelNotFound(message);
    }

    @Override
    public int status() {
        return 404;
    }

    @Override
    public String type() {
        return "invalid_request_error";
    }
}
