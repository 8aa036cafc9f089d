package dev.airlock.channel.relay;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.airlock.channel.ChannelException;
import dev.airlock.channel.Exchange;
import dev.airlock.channel.ResponseSink;
import dev.airlock.channel.docker.DockerTestEngine;
import dev.airlock.channel.host.MultiplexedChannel;
import dev.airlock.channel.memory.InMemoryTransport;
import dev.airlock.dto.frame.FrameError;
import dev.airlock.dto.frame.RequestHead;
import dev.airlock.dto.frame.ResponseHead;

import static dev.airlock.channel.TestExchanges.readBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The relay in this JVM, on an in-memory channel, in front of a stand-in server on loopback. */
@Timeout(60)
class HttpRelayTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static HttpServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = FakeInternalServer.start(0);
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    private static MultiplexedChannel channelTo(int port) {
        var relay = new HttpRelay(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2),
                Duration.ofSeconds(20));
        return new MultiplexedChannel(new InMemoryTransport(relay));
    }

    private static RequestHead get(String path) {
        return new RequestHead("GET", path, Map.of(), "");
    }

    @Test
    void forwardsMethodContentTypeAndBody() {
        try (var channel = channelTo(server.getAddress().getPort());
                Exchange exchange = channel.open(new RequestHead("POST", "/echo",
                        Map.of("Content-Type", "application/json", "Authorization", "x"), "{\"a\":1}"))) {
            var head = exchange.head(WAIT);

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.headers()).containsEntry("content-type", "text/plain");
            assertThat(readBody(exchange)).isEqualTo("POST application/json {\"a\":1}");
        }
    }

    @Test
    void streamsEveryLineInOrderAsItsOwnBodyPieces() {
        try (var channel = channelTo(server.getAddress().getPort());
                Exchange exchange = channel.open(get("/lines?n=300"))) {
            exchange.head(WAIT);

            String body = readBody(exchange);

            assertThat(body.lines()).hasSize(300).startsWith("{\"i\":0}").endsWith("{\"i\":299}");
        }
    }

    @Test
    void cancelClosesTheHttpCallSoTheServerSeesTheClientGo() throws Exception {
        int port = server.getAddress().getPort();
        int before = disconnects(port);
        try (var channel = channelTo(port)) {
            Exchange exchange = channel.open(get("/lines?n=1000&pauseMillis=20"));
            exchange.head(WAIT);
            exchange.nextChunk(WAIT);

            exchange.close();

            assertThat(DockerTestEngine.await(Duration.ofSeconds(10), () -> disconnects(port) > before))
                    .as("the server saw the client disconnect").isTrue();
        }
    }

    @Test
    void anAnswerOfKnownLengthGoesOutWholeAndAStreamPieceByPiece() {
        var relay = new HttpRelay(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Duration.ofSeconds(2), WAIT);
        var whole = new RecordingSink();
        var streamed = new RecordingSink();

        relay.handle(new RequestHead("POST", "/echo", Map.of("content-type", "text/plain"), "hi"), whole);
        relay.handle(get("/lines?n=3"), streamed);

        assertThat(whole.calls).containsExactly("complete 200 POST text/plain hi");
        assertThat(streamed.calls.getFirst()).isEqualTo("head 200");
        assertThat(streamed.calls.getLast()).isEqualTo("end");
        assertThat(String.join("", streamed.calls.subList(1, streamed.calls.size() - 1)).replace("body ", ""))
                .isEqualTo("{\"i\":0}\n{\"i\":1}\n{\"i\":2}\n");
    }

    @Test
    void anAnswerOfKnownLengthBrokenOffIsA502WithoutAHead() {
        var relay = new HttpRelay(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Duration.ofSeconds(2), WAIT);
        var sink = new RecordingSink();

        relay.handle(get("/short"), sink);

        assertThat(sink.calls).containsExactly("error 502");
    }

    @Test
    void unreachableServerIsA503ErrorFrame() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (var channel = channelTo(closedPort); Exchange exchange = channel.open(get("/lines"))) {
            assertThatThrownBy(() -> exchange.head(WAIT))
                    .isInstanceOf(ChannelException.class)
                    .hasMessageContaining("not reachable")
                    .satisfies(e -> assertThat(((ChannelException) e).status()).isEqualTo(503));
        }
    }

    @Test
    void refusesANonLoopbackTarget() {
        assertThatThrownBy(() -> new HttpRelay(URI.create("http://192.0.2.1:80"), WAIT, WAIT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loopback");
    }

    /** Records which sink calls the relay made, in order. */
    private static final class RecordingSink implements ResponseSink {
        final List<String> calls = new ArrayList<>();

        @Override
        public void head(ResponseHead head) {
            calls.add("head " + head.status());
        }

        @Override
        public void body(byte[] bytes) {
            calls.add("body " + new String(bytes, StandardCharsets.UTF_8));
        }

        @Override
        public void end() {
            calls.add("end");
        }

        @Override
        public void complete(ResponseHead head, byte[] body) {
            calls.add("complete " + head.status() + " " + new String(body, StandardCharsets.UTF_8));
        }

        @Override
        public void error(FrameError error) {
            calls.add("error " + error.status());
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    }

    private static int disconnects(int port) {
        try (var channel = channelTo(port); Exchange exchange = channel.open(get("/disconnects"))) {
            exchange.head(WAIT);
            return Integer.parseInt(readBody(exchange));
        }
    }
}
