package dev.airlock.bridge.openai;

/** A served name's queue is full, or a request waited in it longer than allowed (429, with {@code Retry-After}). */
public final class QueueFull extends BridgeException {
    public QueueFull(String message) {
        super(message, null, "queue_full", null);
    }

    @Override
    public int status() {
        return 429;
    }

    @Override
    public String type() {
        return "rate_limit_error";
    }
}
