package dev.airlock.compat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #6 load and soak: 64 concurrent streaming clients for 60 s against the live bridge on
 * loopback, rotating over the base model and both adapters. Every 200 stream must end with a
 * finish_reason and {@code [DONE]}; the only other answer allowed is 429 with Retry-After
 * (counted); the bridge's heap after GC and the inference child's RSS must be flat at the end.
 * Prints requests/s and p50/p99 time to first token and per-token latency.
 */
@Tag("soak")
@ExtendWith(SharedAirlock.class)
class SoakTest {
    private static final int CLIENTS = 64;
    private static final Duration RUN = Duration.ofSeconds(60);
    // Memory is compared with its level once the load has settled.
    private static final Duration WARM_UP = Duration.ofSeconds(10);
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);
    // Bounds, so the test stops by itself whatever the bridge does.
    private static final int MAX_REQUESTS_PER_CLIENT = 10_000;
    private static final long MAX_RETRY_AFTER_SECONDS = 5;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(150);
    private static final long FLAT_MEMORY_BYTES = 64L << 20;
    // The engine runs one generation at a time, so each stream waits behind the other 63: short
    // answers keep that wait (and the drain after the deadline) well inside head_timeout_millis.
    private static final int MAX_TOKENS = 4;
    private static final List<String> MODELS = List.of(LiveAirlock.MODEL, LiveAirlock.ADAPTER_A, LiveAirlock.ADAPTER_B);

    static LiveAirlock airlock;
    static long childPid;

    private final Queue<Long> firstTokenNanos = new ConcurrentLinkedQueue<>();
    private final Queue<Long> tokenGapNanos = new ConcurrentLinkedQueue<>();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger rateLimited = new AtomicInteger();
    // Counted down at the deadline; a client told to retry later waits on it, so it stops in time.
    private final CountDownLatch stop = new CountDownLatch(1);

    @BeforeAll
    static void find(LiveAirlock live) throws IOException {
        airlock = live;
        childPid = ChildProcess.findJava(airlock.config.toString());
    }

    @Test
    void sixtyFourStreamingClientsForAMinuteLoseNoStreamAndLeakNoMemory() throws Exception {
        long start = System.nanoTime();
        long deadline = start + RUN.toNanos();
        var samples = new MemorySamples();
        List<Future<?>> clients = new ArrayList<>();

        try (var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                var threads = Executors.newVirtualThreadPerTaskExecutor();
                var sampler = Executors.newSingleThreadScheduledExecutor()) {
            sampler.scheduleAtFixedRate(() -> samples.sample(start + WARM_UP.toNanos()),
                    SAMPLE_EVERY.toMillis(), SAMPLE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            sampler.schedule(stop::countDown, RUN.toMillis(), TimeUnit.MILLISECONDS);
            for (int i = 0; i < CLIENTS; i++) {
                int client = i;
                clients.add(threads.submit(() -> runClient(http, client)));
            }
            long drainBy = deadline + DRAIN_TIMEOUT.toNanos();
            for (Future<?> client : clients) {
                client.get(Math.max(1, drainBy - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            sampler.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        samples.takeFinal();

        print(seconds, samples);
        assertThat(failures).as("failed or truncated streams").isEmpty();
        assertThat(completed.get()).as("streams completed").isGreaterThan(CLIENTS);
        assertThat(samples.bridgeHeapGrowth()).as("bridge heap after GC, growth in bytes since warm-up")
                .isLessThan(FLAT_MEMORY_BYTES);
        assertThat(samples.childRssGrowth()).as("inference child RSS, growth in bytes since warm-up")
                .isLessThan(FLAT_MEMORY_BYTES);
    }

    private void runClient(HttpClient http, int client) {
        for (int i = 0; i < MAX_REQUESTS_PER_CLIENT && stop.getCount() > 0; i++) {
            String model = MODELS.get((client + i) % MODELS.size());
            try {
                stream(http, model, client * 100_000L + i);
            } catch (IOException e) {
                failures.add(model + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void stream(HttpClient http, String model, long seed) throws IOException, InterruptedException {
        String body = """
                {"model": "%s", "messages": [{"role": "user", "content": "Hi."}],
                 "max_tokens": %d, "temperature": 0.8, "seed": %d, "stream": true,
                 "stream_options": {"include_usage": true}}
                """.formatted(model, MAX_TOKENS, seed);
        var request = HttpRequest.newBuilder(URI.create(airlock.baseUrl() + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long sent = System.nanoTime();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            if (response.statusCode() == 429) {
                rateLimited.incrementAndGet();
                var retryAfter = response.headers().firstValue("Retry-After");
                if (retryAfter.isEmpty() || !retryAfter.get().matches("\\d+")) {
                    failures.add(model + ": 429 without a Retry-After in seconds: " + retryAfter);
                    return;
                }
                stop.await(Math.min(Long.parseLong(retryAfter.get()), MAX_RETRY_AFTER_SECONDS), TimeUnit.SECONDS);
                return;
            }
            if (response.statusCode() != 200) {
                failures.add(model + ": status " + response.statusCode() + ": " + reader.readLine());
                return;
            }
            check(model, reader, sent);
        }
    }

    /** Reads one 200 stream to its end and records its latencies, or why it is not whole. */
    private void check(String model, BufferedReader reader, long sent) throws IOException {
        int finishes = 0;
        long lastToken = 0;
        boolean usage = false;
        String line;
        while ((line = reader.readLine()) != null) {
            if (!line.startsWith("data:")) {
                continue;
            }
            long now = System.nanoTime();
            String data = line.substring("data:".length()).strip();
            if (data.equals("[DONE]")) {
                if (finishes != 1 || !usage) {
                    failures.add(model + ": [DONE] after " + finishes + " finish_reason(s), usage " + usage);
                } else {
                    completed.incrementAndGet();
                }
                return;
            }
            JsonObject chunk = RawBridge.parse(data);
            if (chunk.containsKey("error")) {
                failures.add(model + ": error event " + chunk);
                return;
            }
            usage |= chunk.get("usage") instanceof JsonObject;
            for (JsonObject choice : chunk.getJsonArray("choices").getValuesAs(JsonObject.class)) {
                JsonObject delta = choice.getJsonObject("delta");
                if (delta.containsKey("content") && !delta.getString("content").isEmpty()) {
                    if (lastToken == 0) {
                        firstTokenNanos.add(now - sent);
                    } else {
                        tokenGapNanos.add(now - lastToken);
                    }
                    lastToken = now;
                }
                if (!choice.isNull("finish_reason")) {
                    finishes++;
                }
            }
        }
        failures.add(model + ": stream ended without [DONE] after " + finishes + " finish_reason(s)");
    }

    private void print(double seconds, MemorySamples samples) {
        System.out.printf("""
                soak: %d clients, %.1f s, %d streams complete, %d answered 429, %d failed
                soak: %.1f requests/s; time to first token p50 %.0f ms, p99 %.0f ms; per token p50 %.1f ms, p99 %.1f ms
                soak: bridge heap after GC %s MiB at warm-up, %s MiB at the end; child RSS (pid %d) %s MiB at warm-up, \
                max %s MiB, %s MiB at the end
                """,
                CLIENTS, seconds, completed.get(), rateLimited.get(), failures.size(),
                completed.get() / seconds,
                percentileMillis(firstTokenNanos, 50), percentileMillis(firstTokenNanos, 99),
                percentileMillis(tokenGapNanos, 50), percentileMillis(tokenGapNanos, 99),
                mib(samples.bridgeHeapAtWarmUp), mib(samples.bridgeHeapAtEnd), childPid,
                mib(samples.childRssAtWarmUp), mib(samples.childRssMax), mib(samples.childRssAtEnd));
        failures.stream().limit(10).forEach(failure -> System.out.println("soak failure: " + failure));
    }

    private static double percentileMillis(Queue<Long> nanos, int percentile) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static String mib(long bytes) {
        return String.format("%.1f", bytes / (double) (1 << 20));
    }

    /** The bridge's heap after GC (this JVM) and the child's RSS, at warm-up, during the run and at the end. */
    private static final class MemorySamples {
        long bridgeHeapAtWarmUp = -1;
        long childRssAtWarmUp = -1;
        long childRssMax;
        long bridgeHeapAtEnd;
        long childRssAtEnd;
        IOException sampleFailure;

        /** Takes one sample; the first one after {@code warmUp} (a nanoTime) is the reference. */
        synchronized void sample(long warmUp) {
            try {
                long rss = ChildProcess.rssBytes(childPid);
                childRssMax = Math.max(childRssMax, rss);
                if (childRssAtWarmUp < 0 && System.nanoTime() >= warmUp) {
                    childRssAtWarmUp = rss;
                    bridgeHeapAtWarmUp = heapAfterGc();
                }
            } catch (IOException e) {
                sampleFailure = e;
            }
        }

        synchronized void takeFinal() throws IOException {
            if (sampleFailure != null) {
                throw sampleFailure;
            }
            bridgeHeapAtEnd = heapAfterGc();
            childRssAtEnd = ChildProcess.rssBytes(childPid);
            childRssMax = Math.max(childRssMax, childRssAtEnd);
        }

        long bridgeHeapGrowth() {
            return bridgeHeapAtEnd - bridgeHeapAtWarmUp;
        }

        long childRssGrowth() {
            return childRssAtEnd - childRssAtWarmUp;
        }

        private static long heapAfterGc() {
            var memory = ManagementFactory.getMemoryMXBean();
            memory.gc();
            return memory.getHeapMemoryUsage().getUsed();
        }
    }
}
