package dev.airlock.bridge.openai;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;

import dev.airlock.dto.generation.ModelInfo;

/**
 * The bridge's counters per served name, written as Prometheus text (exposition format 0.0.4):
 * requests running and waiting, prompt and generated tokens, and histograms of the time to the
 * first token and of the time per further token. Thread-safe; lock-free on the hot path.
 */
public final class BridgeMetrics {
    /** Prometheus' content type for the text format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final double[] TTFT_BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
    private static final double[] TOKEN_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

    private final ConcurrentHashMap<String, Model> models = new ConcurrentHashMap<>();

    private static final class Histogram {
        final double[] bounds;
        final AtomicLongArray counts;
        final DoubleAdder sum = new DoubleAdder();
        final AtomicLong count = new AtomicLong();

        Histogram(double[] bounds) {
            this.bounds = bounds;
            this.counts = new AtomicLongArray(bounds.length);
        }

        void observe(double seconds) {
            for (int i = 0; i < bounds.length; i++) {
                if (seconds <= bounds[i]) {
                    counts.incrementAndGet(i);
                }
            }
            sum.add(seconds);
            count.incrementAndGet();
        }
    }

    private static final class Model {
        final AtomicLong running = new AtomicLong();
        final AtomicLong waiting = new AtomicLong();
        final AtomicLong requests = new AtomicLong();
        final AtomicLong promptTokens = new AtomicLong();
        final AtomicLong generationTokens = new AtomicLong();
        final Histogram firstToken = new Histogram(TTFT_BUCKETS);
        final Histogram perToken = new Histogram(TOKEN_BUCKETS);
    }

    private Model model(String name) {
        return models.computeIfAbsent(name, key -> new Model());
    }

    void running(String name, int delta) {
        model(name).running.addAndGet(delta);
        if (delta > 0) {
            model(name).requests.incrementAndGet();
        }
    }

    void waiting(String name, int delta) {
        model(name).waiting.addAndGet(delta);
    }

    /** Counts the prompt of one finished (or cancelled) generation. */
    public void promptTokens(String name, int tokens) {
        model(name).promptTokens.addAndGet(tokens);
    }

    /** Counts {@code tokens} generated tokens as they arrive. */
    public void generationTokens(String name, int tokens) {
        model(name).generationTokens.addAndGet(tokens);
    }

    /** Records the time from the request to its first generated token. */
    public void firstToken(String name, double seconds) {
        model(name).firstToken.observe(seconds);
    }

    /** Records the mean time per token of one further delta. */
    public void perToken(String name, double seconds) {
        model(name).perToken.observe(seconds);
    }

    /** Returns the current running count of {@code name} (for tests and health). */
    public long runningOf(String name) {
        Model model = models.get(name);
        return model == null ? 0 : model.running.get();
    }

    /** Writes every metric in the Prometheus text format. */
    public String scrape() {
        return scrape(null);
    }

    /**
     * Writes every metric, plus {@code airlock_adapters_loaded} per base model counted from
     * {@code served} (the airlock's model list, BL-15 step 7); null leaves that gauge out.
     */
    public String scrape(List<ModelInfo> served) {
        Map<String, Model> sorted = new TreeMap<>(models);
        var text = new StringBuilder();
        if (served != null) {
            adapters(text, served);
        }
        gauge(text, sorted, "airlock_requests_running", "Generations running in the airlock.", m -> m.running.get());
        gauge(text, sorted, "airlock_requests_waiting", "Requests waiting for a slot.", m -> m.waiting.get());
        counter(text, sorted, "airlock_requests_total", "Generations admitted.", m -> m.requests.get());
        counter(text, sorted, "airlock_prompt_tokens_total", "Prompt tokens processed.", m -> m.promptTokens.get());
        counter(text, sorted, "airlock_generation_tokens_total", "Tokens generated.",
                m -> m.generationTokens.get());
        histogram(text, sorted, "airlock_time_to_first_token_seconds", "Time from request to first token.", true);
        histogram(text, sorted, "airlock_time_per_output_token_seconds", "Time per generated token after the first.",
                false);
        return text.toString();
    }

    private static void adapters(StringBuilder text, List<ModelInfo> served) {
        var perBase = new TreeMap<String, Long>();
        served.stream().filter(m -> m.parent() == null).forEach(m -> perBase.put(m.id(), 0L));
        served.stream().filter(m -> m.parent() != null).forEach(m -> perBase.merge(m.parent(), 1L, Long::sum));
        header(text, "airlock_adapters_loaded", "LoRA adapters resident in the airlock, per base model.", "gauge");
        perBase.forEach((base, count) -> text.append("airlock_adapters_loaded").append(label(base)).append(' ')
                .append(count).append('\n'));
    }

    private interface Value {
        long of(Model model);
    }

    private static void gauge(StringBuilder text, Map<String, Model> models, String name, String help, Value value) {
        header(text, name, help, "gauge");
        models.forEach((model, m) -> text.append(name).append(label(model)).append(' ').append(value.of(m))
                .append('\n'));
    }

    private static void counter(StringBuilder text, Map<String, Model> models, String name, String help,
            Value value) {
        header(text, name, help, "counter");
        models.forEach((model, m) -> text.append(name).append(label(model)).append(' ').append(value.of(m))
                .append('\n'));
    }

    private static void histogram(StringBuilder text, Map<String, Model> models, String name, String help,
            boolean firstToken) {
        header(text, name, help, "histogram");
        models.forEach((model, m) -> {
            Histogram h = firstToken ? m.firstToken : m.perToken;
            String escaped = escape(model);
            for (int i = 0; i < h.bounds.length; i++) {
                text.append(name).append("_bucket{model=\"").append(escaped).append("\",le=\"").append(h.bounds[i])
                        .append("\"} ").append(h.counts.get(i)).append('\n');
            }
            text.append(name).append("_bucket{model=\"").append(escaped).append("\",le=\"+Inf\"} ")
                    .append(h.count.get()).append('\n');
            text.append(name).append("_sum").append(label(model)).append(' ').append(h.sum.sum()).append('\n');
            text.append(name).append("_count").append(label(model)).append(' ').append(h.count.get()).append('\n');
        });
    }

    private static void header(StringBuilder text, String name, String help, String type) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static String label(String model) {
        return "{model=\"" + escape(model) + "\"}";
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
