package dev.airlock.channel.process;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.airlock.channel.ChannelException;
import dev.airlock.channel.Exchange;
import dev.airlock.channel.host.MultiplexedChannel;

import static dev.airlock.channel.TestExchanges.post;
import static dev.airlock.channel.TestExchanges.readBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class ProcessTransportTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private MultiplexedChannel channel;

    @AfterEach
    void closeChannel() {
        if (channel != null) {
            channel.close();
        }
    }

    @Test
    void streamsFromARealChildWhoseStdoutIsNoisy() {
        channel = new MultiplexedChannel(new ProcessTransport(ChildCommand.java(EchoChild.class)));

        try (Exchange exchange = channel.open(post("/stream", "300"))) {
            assertThat(exchange.head(WAIT).status()).isEqualTo(200);
            String body = readBody(exchange);
            assertThat(body).startsWith("0;1;2;").endsWith("298;299;");
            assertThat(body.split(";")).hasSize(300);
        }
        try (Exchange exchange = channel.open(post("/echo", "second request, same child"))) {
            exchange.head(WAIT);
            assertThat(readBody(exchange)).isEqualTo("second request, same child");
        }
        assertThat(channel.ping(WAIT)).isPositive();
        assertThat(channel.sessionCount()).isEqualTo(1);
    }

    @Test
    void killingTheChildMidStreamFails503AndTheNextRequestStartsANewChild() {
        channel = new MultiplexedChannel(new ProcessTransport(ChildCommand.java(EchoChild.class)));
        long pid;
        try (Exchange exchange = channel.open(post("/pid-then-hang", ""))) {
            exchange.head(WAIT);
            pid = Long.parseLong(new String(exchange.nextChunk(WAIT)));

            ProcessHandle.of(pid).orElseThrow().destroyForcibly();

            assertThatThrownBy(() -> exchange.nextChunk(WAIT))
                    .isInstanceOfSatisfying(ChannelException.class,
                            e -> assertThat(e.status()).isEqualTo(503))
                    .hasMessageContaining("airlock closed the channel");
        }
        try (Exchange exchange = channel.open(post("/echo", "alive again"))) {
            exchange.head(WAIT);
            assertThat(readBody(exchange)).isEqualTo("alive again");
        }
        assertThat(channel.sessionCount()).isEqualTo(2);
    }

    @Test
    void wrapsTheCommandSoThatFd3CarriesFrames() throws IOException {
        var transport = new ProcessTransport(List.of("model-server", "--flag"),
                ProcessOptions.DEFAULTS.withIsolateNetwork(false));

        assertThat(transport.launchCommand()).containsExactly("/bin/sh", "-c",
                "exec 3>&1 1>&2; exec \"$@\"", "airlock-child", "model-server", "--flag");
        assertThat(transport.isIsolated()).isFalse();
    }

    @Test
    void childThatCannotStartGives503() {
        channel = new MultiplexedChannel(new ProcessTransport(List.of("/nonexistent/airlock"),
                ProcessOptions.DEFAULTS.withIsolateNetwork(false)));

        // The shell starts and exits at once: the REQUEST write or the read fails, either way 503.
        assertThatThrownBy(() -> {
            try (Exchange exchange = channel.open(post("/echo", ""))) {
                exchange.head(WAIT);
            }
        }).isInstanceOfSatisfying(ChannelException.class, e -> assertThat(e.status()).isEqualTo(503));
    }

    @Test
    void rejectsAnEmptyCommand() {
        assertThatThrownBy(() -> new ProcessTransport(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("command must name a program, got an empty list");
    }
}
