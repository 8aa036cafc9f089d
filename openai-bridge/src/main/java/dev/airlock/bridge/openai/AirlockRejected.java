package dev.airlock.bridge.openai;

/**
 * The inference server refused the request with a 4xx status and an {@code error} event (for
 * example a prompt longer than the context). Status, type and param are passed on as sent,
 * after {@link #of} has checked them.
 */
public final class AirlockRejected extends BridgeException {
    private static final int MAX_MESSAGE_CHARS = 1000;
    private static final int MAX_PARAM_CHARS = 200;

    private final int status;
    private final String type;

    private AirlockRejected(int status, String type, String message, String param) {
        super(message, param, null, null);
        this.status = status;
        this.type = type;
    }

    /**
     * Maps an error the airlock sent to the client's error. A 4xx keeps its status; 503 and 504
     * keep theirs; anything else is a bad answer (502). Text is cut to a bounded length and
     * stripped of control characters, since the airlock is untrusted.
     */
    public static BridgeException of(int status, String type, String message, String param) {
        String text = clean(message, MAX_MESSAGE_CHARS);
        if (text.isEmpty()) {
            text = "the airlock refused the request without a message";
        }
        if (status == 503) {
            return new AirlockUnavailable("the airlock is not ready: " + text, null);
        }
        if (status == 504) {
            return new AirlockTimeout("the airlock timed out: " + text, null);
        }
        if (status < 400 || status > 499) {
            return new BadAirlockAnswer("the airlock failed with status " + status + ": " + text);
        }
        if (status == 404 && "model".equals(param)) {
            return ModelNotFound.withMessage(text);
        }
        String cleanType = type == null || !type.matches("[a-z_]{1,40}") ? "invalid_request_error" : type;
        String cleanParam = param == null ? null : clean(param, MAX_PARAM_CHARS);
        return new AirlockRejected(status, cleanType, text, cleanParam);
    }

    private static String clean(String text, int maxChars) {
        if (text == null) {
            return "";
        }
        String cut = text.length() > maxChars ? text.substring(0, maxChars) : text;
        return cut.replaceAll("\\p{Cntrl}", " ").strip();
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String type() {
        return type;
    }
}
