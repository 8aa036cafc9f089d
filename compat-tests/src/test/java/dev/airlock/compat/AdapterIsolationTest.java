package dev.airlock.compat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BL-18 tests A, B and C against the real engine: greedy answers of two adapters and the base,
 * requested all at once, equal the answers each gets alone; an adapter's stream is unchanged by
 * another adapter's request arriving mid-stream; and the base with adapters resident answers what
 * the checkpoint answers without any adapter. (Every adapter stays resident, so the case's
 * "one adapter slot" setup has no counterpart here.)
 */
@ExtendWith(SharedAirlock.class)
class AdapterIsolationTest {
    private static final String USER = "Tell me about the airlock.";
    private static final int MAX_TOKENS = 16;
    private static final int LONG_MAX_TOKENS = 48;
    private static final int REQUESTS_PER_MODEL = 9;
    private static final List<String> MODELS = List.of(LiveAirlock.ADAPTER_A, LiveAirlock.ADAPTER_B,
            LiveAirlock.MODEL);

    static LiveAirlock airlock;
    static RawBridge raw;

    @BeforeAll
    static void start(LiveAirlock live) {
        airlock = live;
        raw = new RawBridge(live.baseUrl());
    }

    /** What a request answers: the text and how many tokens it took. */
    private record Answer(String text, int completionTokens) {
        static Answer of(JsonObject response) {
            return new Answer(response.getJsonArray("choices").getJsonObject(0).getJsonObject("message")
                    .getString("content"), response.getJsonObject("usage").getInt("completion_tokens"));
        }
    }

    @Test
    void concurrentAdapterAndBaseRequestsEachEqualTheirSoloAnswer() throws Exception {
        var solo = new LinkedHashMap<String, Answer>();
        for (String model : MODELS) {
            solo.put(model, Answer.of(raw.chat(model, USER, MAX_TOKENS)));
        }
        // Otherwise equality below would not show that each request got its own adapter.
        assertThat(solo.values()).doesNotHaveDuplicates();

        Map<String, List<Answer>> together = concurrently();

        for (String model : MODELS) {
            assertThat(together.get(model)).as("concurrent answers of %s", model)
                    .hasSize(REQUESTS_PER_MODEL)
                    .allSatisfy(answer -> assertThat(answer).isEqualTo(solo.get(model)));
        }
    }

    @Test
    void adapterStreamIsUnchangedByAnotherAdaptersRequestMidStream() throws Exception {
        String soloA = raw.greedyText(LiveAirlock.ADAPTER_A, USER, LONG_MAX_TOKENS);
        String soloB = raw.greedyText(LiveAirlock.ADAPTER_B, USER, MAX_TOKENS);
        var streamed = new StringBuilder();
        CompletableFuture<String> other = null;

        try (var lines = HttpClient.newHttpClient()
                .send(streamRequest(LiveAirlock.ADAPTER_A, LONG_MAX_TOKENS), HttpResponse.BodyHandlers.ofLines())
                .body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                String data = line.startsWith("data:") ? line.substring("data:".length()).strip() : "";
                if (data.isEmpty() || data.equals("[DONE]")) {
                    continue;
                }
                JsonObject delta = RawBridge.parse(data).getJsonArray("choices").getJsonObject(0)
                        .getJsonObject("delta");
                if (delta.containsKey("content")) {
                    streamed.append(delta.getString("content"));
                }
                if (other == null) {
                    other = CompletableFuture.supplyAsync(
                            () -> raw.greedyText(LiveAirlock.ADAPTER_B, USER, MAX_TOKENS));
                }
            }
        }

        assertThat(streamed.toString()).isEqualTo(soloA);
        assertThat(other).isNotNull();
        assertThat(other.get(2, TimeUnit.MINUTES)).isEqualTo(soloB);
    }

    @Test
    void baseWithAdaptersResidentAnswersLikeTheCheckpointWithoutAdapters() {
        GreedyReference reference = GreedyReference.of(airlock.checkpoint, USER, MAX_TOKENS);

        JsonObject response = raw.chat(LiveAirlock.MODEL, USER, MAX_TOKENS);

        assertThat(Answer.of(response)).isEqualTo(new Answer(reference.text(), reference.tokens().size()));
        assertThat(response.getJsonObject("usage").getInt("prompt_tokens")).isEqualTo(reference.promptTokens());
    }

    private static HttpRequest streamRequest(String model, int maxTokens) {
        String body = Json.createObjectBuilder()
                .add("model", model)
                .add("messages", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("role", "user").add("content", USER)))
                .add("max_tokens", maxTokens)
                .add("temperature", 0)
                .add("stream", true)
                .build()
                .toString();
        return HttpRequest.newBuilder(URI.create(airlock.baseUrl() + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static Map<String, List<Answer>> concurrently() throws Exception {
        int total = REQUESTS_PER_MODEL * MODELS.size();
        ExecutorService pool = Executors.newFixedThreadPool(total);
        try {
            var go = new CountDownLatch(1);
            var futures = new ArrayList<Future<Answer>>();
            for (int i = 0; i < total; i++) {
                String model = MODELS.get(i % MODELS.size());
                futures.add(pool.submit(() -> {
                    go.await();
                    return Answer.of(raw.chat(model, USER, MAX_TOKENS));
                }));
            }
            go.countDown();
            var answers = new HashMap<String, List<Answer>>();
            for (int i = 0; i < total; i++) {
                answers.computeIfAbsent(MODELS.get(i % MODELS.size()), key -> new ArrayList<>())
                        .add(futures.get(i).get(2, TimeUnit.MINUTES));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
