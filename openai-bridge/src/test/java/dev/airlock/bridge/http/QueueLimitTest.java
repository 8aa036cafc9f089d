package dev.airlock.bridge.http;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.Test;

import dev.airlock.bridge.config.BridgeConfig;

import static dev.airlock.bridge.http.ChatCompletionsTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue #5: one generation per served name and no queue: the next request is a 429 with Retry-After. */
@ServerTest
class QueueLimitTest {
    private final WebClient client;
    private final WebServer server;

    QueueLimitTest(WebClient client, WebServer server) {
        this.client = client;
        this.server = server;
    }

    @SetUpRoute
    static void route(HttpRouting.Builder routing) {
        BridgeServer.routing(routing, FakeChannel.healthy(), BridgeConfig.defaults().withQueue(1, 0));
    }

    @Test
    void fullQueueIs429WithRetryAfterAndOtherModelsStillRun() throws Exception {
        String body = "{\"model\":\"slow-endless\",\"messages\":[{\"role\":\"user\",\"content\":\"story\"}],"
                + "\"stream\":true}";
        try (var socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            assertThat(in.readNBytes(256)).hasSize(256);

            try (HttpClientResponse response = client.post("/v1/chat/completions")
                    .header(HeaderNames.CONTENT_TYPE, "application/json")
                    .submit(body)) {
                assertThat(response.headers().first(HeaderNames.RETRY_AFTER)).isPresent();
                assertError(ChatCompletionsTest.Reply.of(response), 429, null, "queue_full");
            }
            try (HttpClientResponse response = client.post("/v1/chat/completions")
                    .header(HeaderNames.CONTENT_TYPE, "application/json")
                    .submit("{\"model\":\"phi-4\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")) {
                assertThat(response.status().code()).isEqualTo(200);
            }
        }
    }
}
