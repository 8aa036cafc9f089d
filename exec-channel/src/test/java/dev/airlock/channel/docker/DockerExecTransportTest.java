package dev.airlock.channel.docker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.github.dockerjava.api.DockerClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.airlock.channel.ChannelException;
import dev.airlock.channel.Exchange;
import dev.airlock.channel.host.MultiplexedChannel;
import dev.airlock.channel.process.EchoChild;

import static dev.airlock.channel.TestExchanges.post;
import static dev.airlock.channel.TestExchanges.readBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The docker transport against the real engine: EchoChild behind one long-lived docker exec. */
@Timeout(120)
class DockerExecTransportTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CONTAINER = "airlock-test-exec";
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

    private static DockerExecTransport transport() {
        return new DockerExecTransport(docker,
                DockerExecOptions.of(CONTAINER, DockerTestEngine.java(EchoChild.class)));
    }

    @Test
    void echoesAndStreamsInOrderDespiteStdoutNoise() {
        try (var channel = new MultiplexedChannel(transport())) {
            String echoed;
            String streamed;
            try (Exchange echo = channel.open(post("/echo", "héllo"))) {
                echo.head(WAIT);
                echoed = readBody(echo);
            }
            try (Exchange stream = channel.open(post("/stream", "2000"))) {
                stream.head(WAIT);
                streamed = readBody(stream);
            }

            assertThat(echoed).isEqualTo("héllo");
            assertThat(streamed.split(";")).hasSize(2000).startsWith("0", "1").endsWith("1999");
        }
    }

    @Test
    void execDeathFailsTheExchangeAndTheNextRequestStartsANewSession() throws Exception {
        try (var channel = new MultiplexedChannel(transport())) {
            Exchange hanging = channel.open(post("/pid-then-hang", ""));
            hanging.head(WAIT);
            String pid = new String(hanging.nextChunk(WAIT), java.nio.charset.StandardCharsets.UTF_8);

            DockerTestEngine.exec(docker, CONTAINER, "kill", "-9", pid);

            assertThatThrownBy(() -> hanging.nextChunk(WAIT))
                    .isInstanceOf(ChannelException.class)
                    .satisfies(e -> assertThat(((ChannelException) e).status()).isEqualTo(503));
            try (Exchange next = channel.open(post("/echo", "again"))) {
                next.head(WAIT);
                assertThat(readBody(next)).isEqualTo("again");
            }
        }
    }

    @Test
    void closeEndsTheExecInBand() throws Exception {
        var channel = new MultiplexedChannel(transport());
        channel.ping(WAIT);

        channel.close();

        String processes = DockerTestEngine.exec(docker, CONTAINER, "ps", "-o", "args");
        assertThat(processes).doesNotContain(EchoChild.class.getName());
    }

    @Test
    void insideTheContainerOnlyLoopbackExistsAndWorks() {
        Map<String, String> report;
        try (var channel = new MultiplexedChannel(transport());
                Exchange exchange = channel.open(post("/probe", ""))) {
            exchange.head(WAIT);
            report = readBody(exchange).lines()
                    .map(line -> line.split("=", 2))
                    .collect(Collectors.toMap((String[] kv) -> kv[0], (String[] kv) -> kv[1]));
        }

        assertThat(List.of(report.get("interfaces").split(","))).containsExactly("lo");
        assertThat(report.get("external")).startsWith("failed after");
        assertThat(report.get("loopback")).isEqualTo("ok");
    }
}
