package dev.airlock.compat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.airlock.channel.docker.DockerTestEngine;
import dev.airlock.inference.checkpoint.ModelPreset;
import dev.airlock.inference.checkpoint.Phi3Config;
import dev.airlock.inference.checkpoint.RandomCheckpoint;
import dev.airlock.inference.checkpoint.RandomCheckpointOptions;
import dev.airlock.inference.checkpoint.SafetensorsDtype;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #4 against the real docker engine and the real inference engine: a locked-down
 * container serves the generated checkpoint and an adapter, and every answer reaches the host's
 * bridge through one {@code docker exec} session of the relay. Answers are checked against
 * greedy decoding computed in this JVM from the same files.
 */
@Timeout(300)
class DockerAirlockTest {
    private static final String CONTAINER = "airlock-test-engine";
    private static final String MODEL = "phi-4-mini-demo";
    private static final String ADAPTER = "adapter-a";
    private static final String USER = "Hello";
    private static final int MAX_TOKENS = 12;

    private static DockerClient docker;
    private static DockerAirlock airlock;
    private static RawBridge bridge;
    private static GreedyReference base;
    private static GreedyReference adapted;
    private static java.util.Set<Integer> stopIds;

    @BeforeAll
    static void start() throws Exception {
        docker = DockerTestEngine.connectOrSkip();
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()),
                "docker-airlock-");
        Path checkpoint = dir.resolve("model");
        Path adapter = dir.resolve(ADAPTER);
        RandomCheckpoint.write(checkpoint, ModelPreset.demo(), RandomCheckpointOptions.of(7));
        RandomCheckpoint.writeAdapter(adapter, ModelPreset.demo(), 8, 11, SafetensorsDtype.F32);
        stopIds = Phi3Config.load(checkpoint).eosTokenIds();
        base = GreedyReference.of(checkpoint, USER, MAX_TOKENS);
        adapted = GreedyReference.of(checkpoint, adapter, USER, MAX_TOKENS);
        airlock = DockerAirlock.start(docker, CONTAINER, dir, MODEL, checkpoint, Map.of(ADAPTER, adapter), Map.of());
        bridge = new RawBridge(airlock.baseUrl());
    }

    @AfterAll
    static void stop() {
        if (airlock != null) {
            airlock.close();
        }
    }

    @Test
    void theServingContainerPassesTheAirlockCheck() {
        assertThat(airlock.check.problems()).isEmpty();
        assertThat(airlock.check.passed()).isTrue();
    }

    @Test
    void chatCompletionThroughDockerExecCarriesTheEnginesGreedyTokens() {
        JsonObject answer = bridge.chat(MODEL, USER, MAX_TOKENS);

        JsonObject choice = answer.getJsonArray("choices").getJsonObject(0);
        assertThat(choice.getJsonObject("message").getString("content")).isEqualTo(base.text());
        assertThat(choice.getString("finish_reason")).isEqualTo(base.finishReason());
        assertThat(answer.getJsonObject("usage").getInt("prompt_tokens")).isEqualTo(base.promptTokens());
        assertThat(answer.getJsonObject("usage").getInt("completion_tokens")).isEqualTo(base.tokens().size());
    }

    @Test
    void streamThroughDockerExecCarriesTheSameTextThenDone() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(chatRequest(MODEL, MAX_TOKENS, false),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> events = SseData.of(response.body().lines().iterator());
        assertThat(events.getLast()).isEqualTo("[DONE]");
        assertThat(SseData.content(events)).isEqualTo(base.text());
    }

    @Test
    void adapterChosenByModelNameAnswersWithTheAdapterApplied() {
        String text = bridge.greedyText(ADAPTER, USER, MAX_TOKENS);

        assertThat(adapted.text()).as("the adapter changes the greedy answer").isNotEqualTo(base.text());
        assertThat(text).isEqualTo(adapted.text());
    }

    @Test
    void killingTheRelayMidStreamEndsTheStreamWithAnErrorAndTheRestartedExecFindsTheModelLoaded()
            throws Exception {
        long serverPid = airlock.serverPid();
        HttpResponse<java.util.stream.Stream<String>> response = HttpClient.newHttpClient().send(
                chatRequest(MODEL, 2000, true), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        Iterator<String> lines = response.body().iterator();
        var events = new ArrayList<String>();
        while (events.size() < 3 && lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("data: ")) {
                events.add(line.substring("data: ".length()));
            }
        }

        airlock.killRelay();
        events.addAll(SseData.of(lines));

        assertThat(events).doesNotContain("[DONE]");
        assertThat(events.getLast()).contains("\"error\"");
        assertThat(bridge.greedyText(MODEL, USER, MAX_TOKENS)).isEqualTo(base.text());
        assertThat(airlock.serverPid()).as("the in-container server was not restarted").isEqualTo(serverPid);
    }

    /** A greedy chat request; {@code endless} bans the end tokens so the stream outlasts the test's kill. */
    private static HttpRequest chatRequest(String model, int maxTokens, boolean endless) {
        var body = Json.createObjectBuilder()
                .add("model", model)
                .add("messages", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("role", "user").add("content", USER)))
                .add("max_tokens", maxTokens)
                .add("temperature", 0)
                .add("stream", true);
        if (endless) {
            var bias = Json.createObjectBuilder();
            stopIds.forEach(id -> bias.add(Integer.toString(id), -100));
            body.add("logit_bias", bias);
        }
        return HttpRequest.newBuilder(URI.create(airlock.baseUrl() + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.build().toString()))
                .build();
    }

    /** The {@code data:} payloads of an SSE body. */
    private static final class SseData {
        static List<String> of(Iterator<String> lines) {
            var events = new ArrayList<String>();
            lines.forEachRemaining(line -> {
                if (line.startsWith("data: ")) {
                    events.add(line.substring("data: ".length()));
                }
            });
            return events;
        }

        static String content(List<String> events) {
            var text = new StringBuilder();
            for (String event : events.subList(0, events.size() - 1)) {
                JsonObject chunk = RawBridge.parse(event);
                if (chunk.getJsonArray("choices").isEmpty()) {
                    continue;
                }
                JsonObject delta = chunk.getJsonArray("choices").getJsonObject(0).getJsonObject("delta");
                if (delta.containsKey("content")) {
                    text.append(delta.getString("content"));
                }
            }
            return text.toString();
        }
    }
}
