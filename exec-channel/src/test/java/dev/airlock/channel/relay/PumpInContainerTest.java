package dev.airlock.channel.relay;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.airlock.channel.ChannelException;
import dev.airlock.channel.Exchange;
import dev.airlock.channel.docker.DockerExecOptions;
import dev.airlock.channel.docker.DockerExecTransport;
import dev.airlock.channel.docker.DockerTestEngine;
import dev.airlock.channel.host.MultiplexedChannel;
import dev.airlock.dto.frame.RequestHead;

import static dev.airlock.channel.TestExchanges.readBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The default relay, {@code RelayMain --frames}, as the docker exec session in front of a
 * stand-in frame server in the same container (started separately, as the persistent server
 * is): killing either mid-stream fails the exchange, and the next request works.
 */
@Timeout(90)
class PumpInContainerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CONTAINER = "airlock-test-pump";
    private static final String FRAMES = "127.0.0.1:8082";
    private static DockerClient docker;

    @BeforeAll
    static void startContainer() throws Exception {
        docker = DockerTestEngine.connectOrSkip();
        DockerTestEngine.ensureImage(Path.of("src/test/docker/test-image.sh"));
        DockerTestEngine.startIdleContainer(docker, CONTAINER, List.of());
    }

    @AfterAll
    static void removeContainer() {
        if (docker != null) {
            DockerTestEngine.removeQuietly(docker, CONTAINER);
        }
    }

    @BeforeEach
    void serverRuns() throws Exception {
        if (serverAnswers()) {
            return;
        }
        DockerTestEngine.execDetached(docker, CONTAINER, DockerTestEngine.java(FakeFrameServer.class, "8082"));
        assertThat(DockerTestEngine.await(WAIT, PumpInContainerTest::serverAnswers)).isTrue();
    }

    /** Whether a pump session of its own gets the server's pid. */
    private static boolean serverAnswers() {
        try (var channel = channel(); Exchange exchange = channel.open(get("/pid"))) {
            return exchange.head(Duration.ofSeconds(10)).status() == 200 && readBody(exchange).matches("[0-9]+");
        } catch (ChannelException e) {
            return false;
        }
    }

    private static MultiplexedChannel channel() {
        return new MultiplexedChannel(new DockerExecTransport(docker, DockerExecOptions.of(CONTAINER,
                DockerTestEngine.java(RelayMain.class, "--frames", FRAMES))));
    }

    private static RequestHead get(String path) {
        return new RequestHead("GET", path, Map.of(), "");
    }

    @Test
    void streamsTheServersLinesThroughTheExecSession() {
        try (var channel = channel(); Exchange exchange = channel.open(get("/lines?n=200"))) {
            exchange.head(WAIT);

            assertThat(readBody(exchange).lines()).hasSize(200).endsWith("{\"i\":199}");
        }
    }

    @Test
    void killingThePumpMidStreamFailsTheStreamAndTheNextRequestWorks() throws Exception {
        try (var channel = channel()) {
            Exchange stream = channel.open(get("/lines?n=100000&pauseMillis=10"));
            stream.head(WAIT);
            stream.nextChunk(WAIT);

            DockerTestEngine.kill(docker, CONTAINER, RelayMain.class);

            assertThatThrownBy(() -> readBody(stream))
                    .isInstanceOf(ChannelException.class)
                    .satisfies(e -> assertThat(((ChannelException) e).status()).isEqualTo(503));
            try (Exchange next = channel.open(get("/lines?n=3"))) {
                next.head(WAIT);
                assertThat(readBody(next).lines()).hasSize(3);
            }
        }
    }

    @Test
    void killingTheServerMidStreamFailsTheStreamAndARestartedServerAnswers() throws Exception {
        try (var channel = channel()) {
            Exchange stream = channel.open(get("/lines?n=100000&pauseMillis=10"));
            stream.head(WAIT);
            stream.nextChunk(WAIT);

            DockerTestEngine.kill(docker, CONTAINER, FakeFrameServer.class);

            assertThatThrownBy(() -> readBody(stream))
                    .isInstanceOf(ChannelException.class)
                    .satisfies(e -> assertThat(((ChannelException) e).status()).isEqualTo(503));
            serverRuns();
            try (Exchange next = channel.open(get("/lines?n=3"))) {
                next.head(WAIT);
                assertThat(readBody(next).lines()).hasSize(3);
            }
        }
    }
}
