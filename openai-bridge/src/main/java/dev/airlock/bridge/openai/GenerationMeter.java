package dev.airlock.bridge.openai;

/** Feeds one generation's tokens and timings into {@link BridgeMetrics}. One per request; not thread-safe. */
public final class GenerationMeter {
    private final BridgeMetrics metrics;
    private final String model;
    private long lastNanos;
    private boolean first = true;

    /** Starts metering a request for {@code model} that arrived at {@code startNanos} ({@link System#nanoTime()}). */
    public GenerationMeter(BridgeMetrics metrics, String model, long startNanos, int promptTokens) {
        this.metrics = metrics;
        this.model = model;
        this.lastNanos = startNanos;
        metrics.promptTokens(model, promptTokens);
    }

    /** Records a delta of {@code tokens} generated tokens, arrived now. */
    public void delta(int tokens) {
        if (tokens <= 0) {
            return;
        }
        long now = System.nanoTime();
        double seconds = (now - lastNanos) / 1e9;
        if (first) {
            metrics.firstToken(model, seconds);
            if (tokens > 1) {
                metrics.perToken(model, 0);
            }
            first = false;
        } else {
            metrics.perToken(model, seconds / tokens);
        }
        lastNanos = now;
        metrics.generationTokens(model, tokens);
    }
}
