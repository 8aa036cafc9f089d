package dev.airlock.channel.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.airlock.channel.ChannelException;
import dev.airlock.channel.Exchange;
import dev.airlock.channel.ResponseSink;
import dev.airlock.channel.memory.InMemoryTransport;
import dev.airlock.dto.frame.FrameError;
import dev.airlock.dto.frame.RequestHead;
import dev.airlock.dto.frame.ResponseHead;

import static dev.airlock.channel.TestExchanges.drain;
import static dev.airlock.channel.TestExchanges.post;
import static dev.airlock.channel.TestExchanges.readBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class MultiplexedChannelTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final ResponseHead OK = new ResponseHead(200, Map.of("content-type", "text/plain"));

    private MultiplexedChannel channel;

    @AfterEach
    void closeChannel() {
        if (channel != null) {
            channel.close();
        }
    }

    @Test
    void echoesTheRequestBody() {
        channel = new MultiplexedChannel(new InMemoryTransport(MultiplexedChannelTest::echo));

        try (Exchange exchange = channel.open(post("/echo", "héllo"))) {
            assertThat(exchange.head(WAIT).status()).isEqualTo(200);
            assertThat(readBody(exchange)).isEqualTo("héllo");
        }
        assertThat(channel.inFlight()).isZero();
    }

    @Test
    void manyConcurrentStreamsArriveIntactAndInOrder() throws Exception {
        int streams = 32;
        int chunks = 200;
        channel = new MultiplexedChannel(new InMemoryTransport((request, sink) -> {
            sink.head(OK);
            for (int i = 0; i < chunks; i++) {
                sink.body((request.body() + ":" + i + ";").getBytes(StandardCharsets.UTF_8));
            }
            sink.end();
        }));

        List<Future<String>> bodies = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int s = 0; s < streams; s++) {
                String name = "stream" + s;
                bodies.add(clients.submit(() -> {
                    try (Exchange exchange = channel.open(post("/stream", name))) {
                        exchange.head(WAIT);
                        return readBody(exchange);
                    }
                }));
            }
            for (int s = 0; s < streams; s++) {
                var expected = new StringBuilder();
                for (int i = 0; i < chunks; i++) {
                    expected.append("stream").append(s).append(':').append(i).append(';');
                }
                assertThat(bodies.get(s).get(20, TimeUnit.SECONDS)).isEqualTo(expected.toString());
            }
        }
        assertThat(channel.sessionCount()).isEqualTo(1);
    }

    @Test
    void requestIdsIncreaseStrictly() {
        channel = new MultiplexedChannel(new InMemoryTransport(MultiplexedChannelTest::echo));

        long previous = 0;
        for (int i = 0; i < 5; i++) {
            try (Exchange exchange = channel.open(post("/echo", ""))) {
                assertThat(exchange.id()).isGreaterThan(previous);
                previous = exchange.id();
            }
        }
    }

    @Test
    void closingAnExchangeBeforeEndCancelsTheHandler() throws InterruptedException {
        var streaming = new CountDownLatch(1);
        var sawCancel = new CountDownLatch(1);
        channel = new MultiplexedChannel(new InMemoryTransport((request, sink) -> {
            sink.head(OK);
            streaming.countDown();
            while (!sink.isCancelled()) {
                sink.body(new byte[16]);
            }
            sawCancel.countDown();
        }));
        Exchange exchange = channel.open(post("/forever", ""));
        exchange.head(WAIT);
        assertThat(streaming.await(5, TimeUnit.SECONDS)).isTrue();

        exchange.close();

        assertThat(sawCancel.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(channel.inFlight()).isZero();
    }

    @Test
    void handlerThatThrowsGets500AndTheServerGoesOn() {
        channel = new MultiplexedChannel(new InMemoryTransport((request, sink) -> {
            if (request.path().equals("/boom")) {
                throw new IllegalStateException("secret detail");
            }
            echo(request, sink);
        }));

        try (Exchange failing = channel.open(post("/boom", ""))) {
            assertThatThrownBy(() -> failing.head(WAIT))
                    .isInstanceOfSatisfying(ChannelException.class,
                            e -> assertThat(e.status()).isEqualTo(500))
                    .hasMessageContaining("internal error in the airlock")
                    .hasMessageNotContaining("secret");
        }
        try (Exchange working = channel.open(post("/echo", "still here"))) {
            working.head(WAIT);
            assertThat(readBody(working)).isEqualTo("still here");
        }
        assertThat(channel.sessionCount()).isEqualTo(1);
    }

    @Test
    void headTimesOutWith504() {
        var release = new CountDownLatch(1);
        channel = new MultiplexedChannel(new InMemoryTransport((request, sink) -> {
            awaitQuietly(release);
            sink.error(new FrameError(503, null, "late"));
        }));

        try (Exchange exchange = channel.open(post("/slow", ""))) {
            assertThatThrownBy(() -> exchange.head(Duration.ofMillis(50)))
                    .isInstanceOfSatisfying(ChannelException.class,
                            e -> assertThat(e.status()).isEqualTo(504))
                    .hasMessage("airlock sent no response head for request " + exchange.id()
                            + " within 50 ms");
        } finally {
            release.countDown();
        }
    }

    @Test
    void pingMeasuresARoundTrip() {
        channel = new MultiplexedChannel(new InMemoryTransport(MultiplexedChannelTest::echo));

        Duration roundTrip = channel.ping(WAIT);

        assertThat(roundTrip).isPositive().isLessThan(WAIT);
        assertThat(channel.isUp()).isTrue();
    }

    @Test
    void closeFailsInFlightRequestsAndEndsTheHandlers() throws InterruptedException {
        var sawCancel = new CountDownLatch(1);
        var started = new CountDownLatch(1);
        channel = new MultiplexedChannel(new InMemoryTransport((request, sink) -> {
            sink.head(OK);
            started.countDown();
            while (!sink.isCancelled()) {
                sink.body(new byte[8]);
            }
            sawCancel.countDown();
        }));
        Exchange exchange = channel.open(post("/forever", ""));
        exchange.head(WAIT);
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        channel.close();

        assertThat(sawCancel.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(channel.isUp()).isFalse();
        assertThatThrownBy(() -> drain(exchange))
                .isInstanceOfSatisfying(ChannelException.class,
                        e -> assertThat(e.status()).isEqualTo(503));
        assertThatThrownBy(() -> channel.open(post("/echo", "")))
                .isInstanceOfSatisfying(ChannelException.class,
                        e -> assertThat(e.status()).isEqualTo(503))
                .hasMessage("the channel is closed");
    }

    @Test
    void slowReaderFailsOnlyItsOwnExchangeAfterTheBackpressureTimeout()
            throws InterruptedException {
        var sawCancel = new CountDownLatch(1);
        var options = ChannelOptions.DEFAULTS
                .withMaxBufferedBytes(1024)
                .withBackpressureTimeout(Duration.ofMillis(200));
        channel = new MultiplexedChannel(new InMemoryTransport((request, sink) -> {
            if (!request.path().equals("/flood")) {
                echo(request, sink);
                return;
            }
            sink.head(OK);
            while (!sink.isCancelled()) {
                sink.body(new byte[512]);
            }
            sawCancel.countDown();
        }), options);
        Exchange slow = channel.open(post("/flood", ""));
        slow.head(WAIT);

        assertThat(sawCancel.await(5, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> drain(slow))
                .isInstanceOfSatisfying(ChannelException.class,
                        e -> assertThat(e.status()).isEqualTo(504))
                .hasMessageContaining("the client read too slowly")
                .hasMessageContaining("channel.backpressure-timeout=200 ms");
        try (Exchange other = channel.open(post("/echo", "fine"))) {
            other.head(WAIT);
            assertThat(readBody(other)).isEqualTo("fine");
        }
        slow.close();
    }

    @Test
    void failingTransportGives503() {
        channel = new MultiplexedChannel(() -> {
            throw new IOException("no such container");
        });

        assertThatThrownBy(() -> channel.open(post("/echo", "")))
                .isInstanceOfSatisfying(ChannelException.class,
                        e -> assertThat(e.status()).isEqualTo(503))
                .hasMessage("the airlock is down and could not be started: no such container");
    }

    static void echo(RequestHead request, ResponseSink sink) {
        sink.head(OK);
        sink.body(request.body().getBytes(StandardCharsets.UTF_8));
        sink.end();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
