package dev.airlock.channel.relay;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.airlock.channel.ChannelException;
import dev.airlock.channel.Exchange;
import dev.airlock.channel.frame.FramePayloads;
import dev.airlock.channel.frame.FrameReader;
import dev.airlock.channel.frame.FrameWriter;
import dev.airlock.channel.host.MultiplexedChannel;
import dev.airlock.channel.memory.BytePipe;
import dev.airlock.channel.process.ChildCommand;
import dev.airlock.channel.process.ProcessOptions;
import dev.airlock.channel.process.ProcessTransport;
import dev.airlock.channel.server.FrameSocketServer;
import dev.airlock.dto.frame.Frame;
import dev.airlock.dto.frame.FrameKind;
import dev.airlock.dto.frame.RequestHead;

import static dev.airlock.channel.TestExchanges.readBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code RelayMain --frames} as a child of this JVM in front of a {@link FrameSocketServer} on
 * this host's loopback: the docker path without docker.
 */
@Timeout(60)
class FramePumpTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private FrameSocketServer server;
    private MultiplexedChannel channel;

    @AfterEach
    void stop() {
        if (channel != null) {
            channel.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void streamsEveryLineAndAnswersWholeRequestsThroughThePump() throws IOException {
        server = FrameSocketServer.start(FakeFrameServer.HANDLER, "127.0.0.1", 0);
        channel = pumpTo(server.port());

        try (Exchange exchange = channel.open(get("/lines?n=300"))) {
            assertThat(exchange.head(WAIT).status()).isEqualTo(200);
            assertThat(readBody(exchange).lines()).hasSize(300).startsWith("{\"i\":0}").endsWith("{\"i\":299}");
        }
        try (Exchange exchange = channel.open(get("/pid"))) {
            exchange.head(WAIT);
            assertThat(readBody(exchange)).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        }
        assertThat(channel.ping(WAIT)).isPositive();
        assertThat(channel.sessionCount()).isEqualTo(1);
    }

    @Test
    void aServerThatStopsMidStreamFailsTheStreamAndARestartedOneAnswers() throws IOException {
        server = FrameSocketServer.start(FakeFrameServer.HANDLER, "127.0.0.1", 0);
        int port = server.port();
        channel = pumpTo(port);
        Exchange stream = channel.open(get("/lines?n=100000&pauseMillis=10"));
        stream.head(WAIT);
        stream.nextChunk(WAIT);

        server.close();

        assertThatThrownBy(() -> readBody(stream))
                .isInstanceOfSatisfying(ChannelException.class, e -> assertThat(e.status()).isEqualTo(503));
        stream.close();
        server = FrameSocketServer.start(FakeFrameServer.HANDLER, "127.0.0.1", port);
        try (Exchange next = channel.open(get("/lines?n=3"))) {
            next.head(WAIT);
            assertThat(readBody(next).lines()).hasSize(3);
        }
        assertThat(channel.sessionCount()).isEqualTo(2);
    }

    @Test
    void noServerOnThePortIsA503NotAHang() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        channel = pumpTo(closedPort);

        try (Exchange exchange = channel.open(get("/lines?n=3"))) {
            assertThatThrownBy(() -> exchange.head(WAIT))
                    .isInstanceOfSatisfying(ChannelException.class, e -> assertThat(e.status()).isEqualTo(503));
        }
    }

    @Test
    void refusesANonLoopbackAddressOnBothSides() {
        assertThatThrownBy(() -> new FramePump("192.0.2.1", 8082, WAIT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
        assertThatThrownBy(() -> FrameSocketServer.start(FakeFrameServer.HANDLER, "0.0.0.0", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
    }

    @Test
    void theServerEndsASessionAtGoodbyeAndThePumpReturns() throws Exception {
        server = FrameSocketServer.start(FakeFrameServer.HANDLER, "127.0.0.1", 0);
        var toPump = new BytePipe(64 * 1024);
        var fromPump = new BytePipe(64 * 1024);
        var host = new FrameWriter(toPump.sink());
        var frames = new FrameReader(fromPump.source());
        var pump = new FramePump("127.0.0.1", server.port(), WAIT);
        var exit = new CompletableFuture<Integer>();
        Thread.ofVirtual().start(() -> {
            try {
                exit.complete(pump.run(toPump.source(), fromPump.sink()));
            } catch (IOException e) {
                exit.completeExceptionally(e);
            }
        });

        host.write(FramePayloads.request(1, get("/pid")));
        assertThat(frames.readFrame().kind()).isEqualTo(FrameKind.RESPONSE_HEAD);
        assertThat(frames.readFrame().kind()).isEqualTo(FrameKind.BODY);
        assertThat(frames.readFrame().kind()).isEqualTo(FrameKind.END);
        host.write(Frame.of(FrameKind.GOODBYE, 0));

        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        fromPump.closeSink();
        assertThat(frames.readFrame()).as("nothing after the answer").isNull();
        toPump.closeSink();
    }

    private static MultiplexedChannel pumpTo(int port) {
        // Not isolated: the pump must reach this host's loopback, as it reaches the container's.
        return new MultiplexedChannel(new ProcessTransport(
                ChildCommand.java(RelayMain.class, "--frames", "127.0.0.1:" + port),
                ProcessOptions.DEFAULTS.withIsolateNetwork(false)));
    }

    private static RequestHead get(String path) {
        return new RequestHead("GET", path, Map.of(), "");
    }
}
