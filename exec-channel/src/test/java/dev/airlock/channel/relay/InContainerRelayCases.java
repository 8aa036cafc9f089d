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
import org.junit.jupiter.api.TestInstance;
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
 * One relay form as the docker exec session, in front of a stand-in server that runs in the
 * same container (started separately, as the persistent server is): lines stream through, and
 * killing the relay or the server mid-stream fails the exchange while the next request works.
 * A subclass names the relay's arguments and the stand-in server.
 */
@Timeout(90)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InContainerRelayCases {
    static final Duration WAIT = Duration.ofSeconds(30);

    DockerClient docker;

    /** The container's name, one per subclass. */
    abstract String container();

    /** The arguments of {@link RelayMain}. */
    abstract String[] relayArgs();

    /** The stand-in server's main class; its one argument is the port. */
    abstract Class<?> serverClass();

    abstract String serverPort();

    /** Whether the stand-in server answers (it may still be starting, or have been killed). */
    abstract boolean serverAnswers();

    /** Checks how a stream fails when the server is killed under it; the next request must work. */
    abstract void assertServerKilled(Exchange stream, MultiplexedChannel channel);

    @BeforeAll
    void startContainer() throws Exception {
        docker = DockerTestEngine.connectOrSkip();
        DockerTestEngine.ensureImage(Path.of("src/test/docker/test-image.sh"));
        DockerTestEngine.startIdleContainer(docker, container(), List.of());
    }

    @AfterAll
    void removeContainer() {
        if (docker != null) {
            DockerTestEngine.removeQuietly(docker, container());
        }
    }

    @BeforeEach
    void serverRuns() throws Exception {
        if (serverAnswers()) {
            return;
        }
        DockerTestEngine.execDetached(docker, container(), DockerTestEngine.java(serverClass(), serverPort()));
        assertThat(DockerTestEngine.await(WAIT, this::serverAnswers)).isTrue();
    }

    MultiplexedChannel channel() {
        return new MultiplexedChannel(new DockerExecTransport(docker, DockerExecOptions.of(container(),
                DockerTestEngine.java(RelayMain.class, relayArgs()))));
    }

    static RequestHead get(String path) {
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
    void killingTheRelayMidStreamFailsTheStreamAndTheNextRequestWorks() throws Exception {
        try (var channel = channel()) {
            Exchange stream = openStream(channel);

            DockerTestEngine.kill(docker, container(), RelayMain.class);

            assertThatThrownBy(() -> readBody(stream))
                    .isInstanceOfSatisfying(ChannelException.class, e -> assertThat(e.status()).isEqualTo(503));
            assertNextRequestWorks(channel);
        }
    }

    @Test
    void killingTheServerMidStreamFailsTheStreamAndARestartedServerAnswers() throws Exception {
        try (var channel = channel()) {
            Exchange stream = openStream(channel);

            DockerTestEngine.kill(docker, container(), serverClass());

            assertServerKilled(stream, channel);
            serverRuns();
            assertNextRequestWorks(channel);
        }
    }

    private static Exchange openStream(MultiplexedChannel channel) {
        Exchange stream = channel.open(get("/lines?n=100000&pauseMillis=10"));
        stream.head(WAIT);
        stream.nextChunk(WAIT);
        return stream;
    }

    private static void assertNextRequestWorks(MultiplexedChannel channel) {
        try (Exchange next = channel.open(get("/lines?n=3"))) {
            next.head(WAIT);
            assertThat(readBody(next).lines()).hasSize(3);
        }
    }
}
