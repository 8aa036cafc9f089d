package dev.airlock.inference.server.http;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.airlock.channel.RequestHandler;
import dev.airlock.dto.frame.ResponseHead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The loopback HTTP adapter with a stand-in handler: pieces stream, a gone client cancels. */
@Timeout(60)
class InternalHttpServerTest {
    @Test
    void streamsEachBodyPieceAndPassesMethodPathAndBody() throws Exception {
        RequestHandler handler = (request, sink) -> {
            sink.head(new ResponseHead(201, Map.of("Content-Type", "application/x-ndjson")));
            sink.body((request.method() + " " + request.path() + " " + request.body() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            sink.body("second\n".getBytes(StandardCharsets.UTF_8));
            sink.end();
        };
        try (var server = InternalHttpServer.start(handler, "127.0.0.1", 0)) {
            var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/internal/v1/chat?x=1"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(response.headers().firstValue("content-type")).hasValue("application/x-ndjson");
            assertThat(response.body()).isEqualTo("POST /internal/v1/chat?x=1 {}\nsecond\n");
        }
    }

    @Test
    void aCompleteAnswerHasAContentLengthSoTheRelayCanReadItWhole() throws Exception {
        RequestHandler handler = (request, sink) -> sink.complete(
                new ResponseHead(200, Map.of("Content-Type", "application/json")),
                "{\"count\":1}".getBytes(StandardCharsets.UTF_8));
        try (var server = InternalHttpServer.start(handler, "127.0.0.1", 0)) {
            var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/internal/v1/tokenize"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-length")).hasValue("11");
            assertThat(response.headers().firstValue("transfer-encoding")).isEmpty();
            assertThat(response.body()).isEqualTo("{\"count\":1}");
        }
    }

    @Test
    void aClientThatGoesAwayMakesTheSinkCancelled() throws Exception {
        var cancelled = new CountDownLatch(1);
        RequestHandler handler = (request, sink) -> {
            sink.head(new ResponseHead(200, Map.of()));
            for (int i = 0; i < 100_000 && !sink.isCancelled(); i++) {
                sink.body(("token " + i + "\n").getBytes(StandardCharsets.UTF_8));
                try {
                    cancelled.await(2, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (sink.isCancelled()) {
                cancelled.countDown();
            } else {
                sink.end();
            }
        };
        try (var server = InternalHttpServer.start(handler, "127.0.0.1", 0)) {
            try (var socket = new java.net.Socket("127.0.0.1", server.port())) {
                socket.getOutputStream().write(("GET /internal/v1/chat HTTP/1.1\r\nHost: x\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                InputStream body = socket.getInputStream();
                body.readNBytes(200);
            }

            assertThat(cancelled.await(20, TimeUnit.SECONDS)).as("the handler saw the client go").isTrue();
        }
    }

    @Test
    void refusesANonLoopbackAddress() {
        assertThatThrownBy(() -> InternalHttpServer.start((r, s) -> { }, "0.0.0.0", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loopback only");
    }
}
