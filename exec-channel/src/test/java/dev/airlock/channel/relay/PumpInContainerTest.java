package dev.airlock.channel.relay;

import java.time.Duration;

import dev.airlock.channel.ChannelException;
import dev.airlock.channel.Exchange;
import dev.airlock.channel.host.MultiplexedChannel;

import static dev.airlock.channel.TestExchanges.readBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The default relay, {@code RelayMain --frames}, a byte pump in front of a stand-in frame server
 * in the container. A killed server ends the pump's session, so the stream fails with 503.
 */
class PumpInContainerTest extends InContainerRelayCases {
    @Override
    String container() {
        return "airlock-test-pump";
    }

    @Override
    String[] relayArgs() {
        return new String[] {"--frames", "127.0.0.1:8082"};
    }

    @Override
    Class<?> serverClass() {
        return FakeFrameServer.class;
    }

    @Override
    String serverPort() {
        return "8082";
    }

    /** Whether a pump session of its own gets the server's pid. */
    @Override
    boolean serverAnswers() {
        try (var channel = channel(); Exchange exchange = channel.open(get("/pid"))) {
            return exchange.head(Duration.ofSeconds(10)).status() == 200 && readBody(exchange).matches("[0-9]+");
        } catch (ChannelException e) {
            return false;
        }
    }

    @Override
    void assertServerKilled(Exchange stream, MultiplexedChannel channel) {
        assertThatThrownBy(() -> readBody(stream))
                .isInstanceOfSatisfying(ChannelException.class, e -> assertThat(e.status()).isEqualTo(503));
    }
}
