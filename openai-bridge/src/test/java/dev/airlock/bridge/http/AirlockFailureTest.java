package dev.airlock.bridge.http;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.airlock.bridge.config.BridgeConfig;

import static dev.airlock.bridge.http.ChatCompletionsTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

@ServerTest
class AirlockFailureTest {
    private static final FakeChannel AIRLOCK = FakeChannel.healthy();

    private final WebClient client;
    private final WebServer server;

    AirlockFailureTest(WebClient client, WebServer server) {
        this.client = client;
        this.server = server;
    }

    @SetUpRoute
    static void route(HttpRouting.Builder routing) {
        BridgeServer.routing(routing, AIRLOCK, BridgeConfig.defaults());
    }

    @ParameterizedTest
    @ValueSource(strings = {"malformed", "unknown-event", "negative-count", "cut", "cut-mid-stream", "no-start",
            "long-line", "bad-error-head", "huge-count", "bad-finish", "mid-error"})
    void badAnswerFromTheAirlockIs502(String model) {
        ChatCompletionsTest.Reply reply = post(model, false);

        assertError(reply, 502, null, "bad_airlock_answer");
        assertThat(SseEvents.json(reply.body()).getJsonObject("error").getString("type")).isEqualTo("server_error");
    }

    @ParameterizedTest
    @ValueSource(strings = {"malformed", "unknown-event", "negative-count", "cut", "no-start", "long-line"})
    void badAnswerBeforeTheFirstDeltaIs502JsonEvenWhenStreaming(String model) {
        ChatCompletionsTest.Reply reply = post(model, true);

        boolean beforeStart = List.of("negative-count", "no-start").contains(model);
        if (beforeStart) {
            assertError(reply, 502, null, "bad_airlock_answer");
        } else {
            assertThat(reply.status()).isEqualTo(200);
            assertThat(lastEventError(reply).getString("code")).isEqualTo("bad_airlock_answer");
        }
    }

    @Test
    void errorMidStreamIsOneFinalErrorEventWithoutDone() {
        ChatCompletionsTest.Reply reply = post("mid-error", true);

        List<String> events = SseEvents.data(reply.body());
        assertThat(reply.status()).isEqualTo(200);
        assertThat(events).doesNotContain("[DONE]");
        assertThat(events.stream().filter(data -> data.contains("\"error\""))).hasSize(1);
        JsonObject error = lastEventError(reply);
        assertThat(error.getString("type")).isEqualTo("server_error");
        assertThat(error.getString("message")).contains("the engine failed");
        assertThat(SseEvents.json(events.get(1)).getJsonArray("choices").getJsonObject(0)
                .getJsonObject("delta").getString("content")).isEqualTo("Hel");
    }

    @Test
    void streamCutOffMidwayEndsWithAnErrorEvent() {
        ChatCompletionsTest.Reply reply = post("cut-mid-stream", true);

        assertThat(lastEventError(reply).getString("message")).contains("ended without a done or error event");
        assertThat(SseEvents.data(reply.body())).doesNotContain("[DONE]");
    }

    @Test
    void airlockRefusalKeepsItsStatusTypeAndParam() {
        ChatCompletionsTest.Reply reply = post("refuse-context", true);

        assertError(reply, 400, "messages", null);
        assertThat(reply.body()).contains("exceeds the context of 16384 tokens").doesNotContain("data:");
    }

    @Test
    void airlockModelRefusalIs404ModelNotFound() {
        ChatCompletionsTest.Reply reply = post("refuse-404", false);

        assertError(reply, 404, "model", "model_not_found");
    }

    @Test
    void channelTimeoutIs504() {
        ChatCompletionsTest.Reply reply = post("timeout", true);

        assertError(reply, 504, null, "airlock_timeout");
    }

    @Test
    void clientDisconnectMidStreamCancelsTheGeneration() throws Exception {
        String body = "{\"model\":\"endless\",\"messages\":[{\"role\":\"user\",\"content\":\"story\"}],"
                + "\"stream\":true}";
        try (var socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            assertThat(in.readNBytes(2048)).hasSize(2048);
        }

        assertThat(AIRLOCK.endlessCancelled.await(20, TimeUnit.SECONDS)).isTrue();
    }

    private static JsonObject lastEventError(ChatCompletionsTest.Reply reply) {
        List<String> events = SseEvents.data(reply.body());
        return SseEvents.json(events.getLast()).getJsonObject("error");
    }

    private ChatCompletionsTest.Reply post(String model, boolean stream) {
        String body = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"stream\":" + stream + "}";
        try (HttpClientResponse response = client.post("/v1/chat/completions")
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit(body)) {
            return ChatCompletionsTest.Reply.of(response);
        }
    }
}
