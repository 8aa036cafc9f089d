package dev.airlock.channel.relay;

import dev.airlock.channel.ChannelException;
import dev.airlock.channel.Exchange;
import dev.airlock.channel.docker.DockerTestEngine;
import dev.airlock.channel.host.MultiplexedChannel;

import static dev.airlock.channel.TestExchanges.readBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The HTTP relay, {@code RelayMain --target}, in front of a stand-in HTTP server in the
 * container. A killed server breaks off the stream with 502, and the relay, still running,
 * answers 503 until the server is back.
 */
class RelayInContainerTest extends InContainerRelayCases {
    private static final String TARGET = "http://127.0.0.1:8081";

    @Override
    String container() {
        return "airlock-test-relay";
    }

    @Override
    String[] relayArgs() {
        return new String[] {"--target", TARGET};
    }

    @Override
    Class<?> serverClass() {
        return FakeInternalServer.class;
    }

    @Override
    String serverPort() {
        return "8081";
    }

    @Override
    boolean serverAnswers() {
        try {
            return DockerTestEngine.exec(docker, container(), "wget", "-q", "-O", "-", TARGET + "/pid")
                    .strip().matches("[0-9]+");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    void assertServerKilled(Exchange stream, MultiplexedChannel channel) {
        assertThatThrownBy(() -> readBody(stream))
                .isInstanceOfSatisfying(ChannelException.class, e -> assertThat(e.status()).isEqualTo(502))
                .hasMessageContaining("broke off");
        try (Exchange down = channel.open(get("/lines?n=3"))) {
            assertThatThrownBy(() -> down.head(WAIT))
                    .isInstanceOfSatisfying(ChannelException.class, e -> assertThat(e.status()).isEqualTo(503));
        }
    }
}
