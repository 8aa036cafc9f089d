package dev.airlock.bridge.http;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.Test;

import dev.airlock.bridge.config.BridgeConfig;

import static dev.airlock.bridge.http.ChatCompletionsTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

@ServerTest
class AccessAndLimitsTest {
    static final String KEY = "sk-test-0123456789";
    static final BridgeConfig CONFIG = BridgeConfig.defaults().withApiKeys(List.of("other-key", KEY))
            .withMaxBodyBytes(4096);
    private static final String HI = "{\"model\":\"phi-4\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private final WebClient client;
    private final WebServer server;

    AccessAndLimitsTest(WebClient client, WebServer server) {
        this.client = client;
        this.server = server;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder builder) {
        BridgeServer.configure(builder, CONFIG);
    }

    @SetUpRoute
    static void route(HttpRouting.Builder routing) {
        BridgeServer.routing(routing, FakeChannel.healthy(), CONFIG);
    }

    @Test
    void missingKeyIs401() {
        try (HttpClientResponse response = client.post("/v1/chat/completions").submit(HI)) {
            assertError(ChatCompletionsTest.Reply.of(response), 401, null, "invalid_api_key");
        }
    }

    @Test
    void wrongKeyIs401() {
        try (HttpClientResponse response = client.get("/v1/models")
                .header(HeaderNames.AUTHORIZATION, "Bearer sk-test-012345678").request()) {
            assertError(ChatCompletionsTest.Reply.of(response), 401, null, "invalid_api_key");
        }
    }

    @Test
    void rightKeyIsServed() {
        try (HttpClientResponse response = client.post("/v1/chat/completions")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + KEY).submit(HI)) {
            assertThat(response.status().code()).isEqualTo(200);
        }
    }

    @Test
    void healthNeedsNoKey() {
        try (HttpClientResponse response = client.get("/health").request()) {
            assertThat(response.status().code()).isEqualTo(200);
        }
    }

    @Test
    void bodyOverTheLimitIs413() {
        String big = "{\"model\":\"phi-4\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + "x".repeat(5000) + "\"}]}";

        try (HttpClientResponse response = client.post("/v1/chat/completions")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + KEY).submit(big)) {
            assertError(ChatCompletionsTest.Reply.of(response), 413, null, "request_too_large");
        }
    }

    @Test
    void chunkedBodyOverTheLimitIs413() throws Exception {
        String chunk = "x".repeat(3000);
        String request = "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + KEY
                + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n"
                + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n";

        String answer = raw(request);

        assertThat(answer).startsWith("HTTP/1.1 413").contains("\"request_too_large\"");
    }

    @Test
    void malformedHttpIs400OpenAiError() throws Exception {
        String answer = raw("GARBAGE / HTTP/9.9\r\n\u0001\u0002: \r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 4").contains("\"error\"").contains("\"invalid_request_error\"");
    }

    private String raw(String request) throws Exception {
        try (var socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
