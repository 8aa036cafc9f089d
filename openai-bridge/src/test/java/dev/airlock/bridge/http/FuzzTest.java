package dev.airlock.bridge.http;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
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

import static org.assertj.core.api.Assertions.assertThat;

@ServerTest
class FuzzTest {
    private static final int MAX_BODY_BYTES = 16 * 1024;
    private static final BridgeConfig CONFIG = BridgeConfig.defaults().withMaxBodyBytes(MAX_BODY_BYTES);
    private static final int HTTP_REQUESTS = 10_000;
    private static final int RAW_REQUESTS = 300;
    private static final long SEED = 0xA1_7C_2026L;

    private final WebClient client;
    private final WebServer server;

    FuzzTest(WebClient client, WebServer server) {
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
    void hostileRequestsNeverGet5xxAndTheServerKeepsServing() throws Exception {
        var generator = new HostileRequests(SEED, MAX_BODY_BYTES);
        var random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        int sent = 0;

        for (int i = 0; i < HTTP_REQUESTS; i++) {
            byte[] body = generator.next();
            int status = send(random, body);
            sent++;
            if (status >= 500) {
                failures.add(status + " for " + new String(body, 0, Math.min(body.length, 200),
                        StandardCharsets.UTF_8));
            }
        }
        for (int i = 0; i < RAW_REQUESTS; i++) {
            String request = hostileRaw(random);
            String statusLine = raw(request);
            sent++;
            if (statusLine.startsWith("HTTP/1.1 5")) {
                failures.add(statusLine + " for " + request.substring(0, Math.min(request.length(), 120)));
            }
        }

        assertThat(sent).isGreaterThanOrEqualTo(10_000);
        assertThat(failures).isEmpty();
        try (HttpClientResponse response = client.post("/v1/chat/completions")
                .submit("{\"model\":\"phi-4\",\"messages\":[{\"role\":\"user\",\"content\":\"still there?\"}]}")) {
            assertThat(response.status().code()).isEqualTo(200);
        }
    }

    private int send(Random random, byte[] body) {
        int pick = random.nextInt(20);
        if (pick == 0) {
            String[] paths = {"/v1/models/%00", "/v1/models/" + "x".repeat(300), "/v1//chat", "/health?x=%zz",
                    "/v1/chat/completions/", "/"};
            try (HttpClientResponse response = client.method(pick % 2 == 0 ? Method.GET : Method.DELETE)
                    .uri(paths[random.nextInt(paths.length)]).request()) {
                return response.status().code();
            } catch (RuntimeException e) {
                return 0;
            }
        }
        var request = client.post("/v1/chat/completions");
        if (random.nextInt(4) == 0) {
            request.header(HeaderNames.CONTENT_TYPE,
                    random.nextBoolean() ? "text/plain" : "application/json; charset=latin1");
        }
        try (HttpClientResponse response = request.submit(body)) {
            response.as(String.class);
            return response.status().code();
        }
    }

    private static String hostileRaw(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000 + random.nextInt(20_000)) + "\r\n\r\n";
            case 1 -> "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "zz\r\n{}\r\n0\r\n\r\n";
            case 2 -> "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n{}";
            case 3 -> "\u0000\u0001\u0002 /\r\n\r\n";
            case 4 -> "GET /" + "%".repeat(random.nextInt(50)) + " HTTP/1.1\r\nHost: x\r\n\r\n";
            default -> "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n";
        };
    }

    private String raw(String request) throws Exception {
        try (var socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(12);
            return new String(head, StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            // A connection the server reset is no 5xx; the final request proves it still serves.
            return "";
        }
    }
}
