package dev.airlock.compat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BL-18 tests A and C against the real engine: greedy answers of two adapters and the base,
 * requested all at once, equal the answers each gets alone, and the base with adapters resident
 * answers what the checkpoint answers without any adapter.
 */
@ExtendWith(SharedAirlock.class)
class AdapterIsolationTest {
    private static final String USER = "Tell me about the airlock.";
    private static final int MAX_TOKENS = 16;
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
    void baseWithAdaptersResidentAnswersLikeTheCheckpointWithoutAdapters() {
        GreedyReference reference = GreedyReference.of(airlock.checkpoint, USER, MAX_TOKENS);

        JsonObject response = raw.chat(LiveAirlock.MODEL, USER, MAX_TOKENS);

        assertThat(Answer.of(response)).isEqualTo(new Answer(reference.text(), reference.tokens().size()));
        assertThat(response.getJsonObject("usage").getInt("prompt_tokens")).isEqualTo(reference.promptTokens());
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
