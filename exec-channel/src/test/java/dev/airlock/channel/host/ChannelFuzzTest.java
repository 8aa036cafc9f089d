package dev.airlock.channel.host;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.airlock.channel.ChannelException;
import dev.airlock.channel.Exchange;
import dev.airlock.channel.TestExchanges;
import dev.airlock.channel.frame.FramePayloads;
import dev.airlock.dto.frame.Frame;
import dev.airlock.dto.frame.FrameError;
import dev.airlock.dto.frame.FrameKind;
import dev.airlock.dto.frame.ResponseHead;

import static dev.airlock.channel.TestExchanges.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feeds the host-side reader 10,000 scripted answers, most of them hostile: random and mutated
 * frames, truncations, oversized lengths, unknown kinds, wrong ids and interleavings. Each one
 * must end its exchange as the protocol says, within the timeouts, with nothing left buffered,
 * and the channel must serve the next request (on a fresh session after a reset).
 */
@Timeout(120)
class ChannelFuzzTest {
    private static final int CASES = 10_000;
    private static final int MAX_FRAME_BYTES = 4096;
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final ResponseHead OK = new ResponseHead(200, Map.of("k", "v"));
    private static final Logger CHANNEL_LOGGER = Logger.getLogger("dev.airlock.channel");
    private static Level savedLevel;

    private enum Scenario {
        VALID, ERROR_FRAME, INTERLEAVED, LATE_FRAME,
        BODY_BEFORE_HEAD, SECOND_HEAD, END_BEFORE_HEAD, BAD_JSON_HEAD, BAD_UTF8_ERROR, HOST_ONLY_KIND,
        NEVER_ISSUED_ID, BAD_HEADER, OVERSIZED, TRUNCATED, PEER_EOF, GARBAGE, MUTATED
    }

    private enum Outcome { COMPLETED, REQUEST_FAILED, SESSION_RESET }

    private final ScriptedTransport transport = new ScriptedTransport();
    private final Random random = new Random(20_260_504L);
    private MultiplexedChannel channel;
    private ScriptedPeer peer;
    private long sessions;

    @BeforeAll
    static void quietChannelLogs() {
        // Thousands of deliberate resets would otherwise flood the build log.
        savedLevel = CHANNEL_LOGGER.getLevel();
        CHANNEL_LOGGER.setLevel(Level.OFF);
    }

    @AfterAll
    static void restoreChannelLogs() {
        CHANNEL_LOGGER.setLevel(savedLevel);
    }

    @Test
    void survivesTenThousandHostileAnswers() throws InterruptedException {
        var options = ChannelOptions.DEFAULTS
                .withMaxFrameBytes(MAX_FRAME_BYTES)
                .withMaxBufferedBytes(64 * 1024);
        channel = new MultiplexedChannel(transport, options);
        var seen = new EnumMap<Scenario, Integer>(Scenario.class);
        long lastId = 0;

        try {
            for (int i = 0; i < CASES; i++) {
                Scenario scenario = Scenario.values()[random.nextInt(Scenario.values().length)];
                try (Exchange exchange = open()) {
                    long id = peer.expect(FrameKind.REQUEST).requestId();
                    assertThat(id).as("request ids increase").isGreaterThan(lastId);
                    lastId = id;
                    play(scenario, exchange, id);
                }
                if (scenario == Scenario.INTERLEAVED) {
                    lastId++;
                }
                assertThat(inFlightSettled()).as("nothing left in flight after %s", scenario)
                        .isZero();
                seen.merge(scenario, 1, Integer::sum);
            }

            try (Exchange last = open()) {
                long id = peer.expect(FrameKind.REQUEST).requestId();
                respondValid(id, new byte[] {1, 2, 3});
                assertThat(read(last)).containsExactly(1, 2, 3);
            }
        } finally {
            channel.close();
        }
        assertThat(seen).hasSize(Scenario.values().length);
        assertThat(channel.sessionCount()).isGreaterThan(CASES / 4);
    }

    /**
     * Returns the in-flight count once the reader thread has caught up: a frame that ends one
     * exchange and resets the session is handled on that thread, after the test saw the failure.
     */
    private int inFlightSettled() throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (channel.inFlight() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        return channel.inFlight();
    }

    private Exchange open() throws InterruptedException {
        Exchange exchange = channel.open(post("/fuzz", "prompt"));
        if (channel.sessionCount() != sessions) {
            sessions = channel.sessionCount();
            peer = transport.nextPeer();
        }
        return exchange;
    }

    private void play(Scenario scenario, Exchange exchange, long id) throws InterruptedException {
        switch (scenario) {
            case VALID -> {
                byte[] body = randomBytes(random.nextInt(3 * MAX_FRAME_BYTES));
                respondValid(id, body);
                assertThat(read(exchange)).isEqualTo(body);
            }
            case ERROR_FRAME -> {
                int status = 400 + random.nextInt(200);
                peer.send(FramePayloads.error(id, new FrameError(status, "server_error", "x")));
                assertThat(failure(exchange).status()).isEqualTo(status);
                peer.roundTrip(id);
            }
            case INTERLEAVED -> interleave(exchange, id);
            case LATE_FRAME -> {
                respondValid(id, new byte[] {9});
                assertThat(read(exchange)).containsExactly(9);
                peer.send(new Frame(FrameKind.BODY, id, new byte[] {1}), Frame.of(FrameKind.END, id));
                peer.roundTrip(id);
            }
            case BODY_BEFORE_HEAD -> expectRequestFailure(exchange, id,
                    new Frame(FrameKind.BODY, id, randomBytes(1 + random.nextInt(100))));
            case SECOND_HEAD -> expectRequestFailure(exchange, id,
                    FramePayloads.responseHead(id, OK), FramePayloads.responseHead(id, OK));
            case END_BEFORE_HEAD -> expectRequestFailure(exchange, id, Frame.of(FrameKind.END, id));
            case BAD_JSON_HEAD -> expectRequestFailure(exchange, id,
                    new Frame(FrameKind.RESPONSE_HEAD, id, badJson()));
            case BAD_UTF8_ERROR -> expectRequestFailure(exchange, id,
                    new Frame(FrameKind.ERROR, id, new byte[] {'{', (byte) (0x80 + random.nextInt(64)),
                        '}'}));
            case HOST_ONLY_KIND -> expectRequestFailure(exchange, id, random.nextBoolean()
                    ? Frame.of(FrameKind.CANCEL, id)
                    : FramePayloads.request(id, post("/back", "")));
            case NEVER_ISSUED_ID -> expectReset(exchange, Outcome.SESSION_RESET, ScriptedPeer.encode(
                    new Frame(FrameKind.BODY, id + 1 + random.nextInt(1000), new byte[1])));
            case BAD_HEADER -> expectReset(exchange, Outcome.SESSION_RESET, badHeader(id));
            case OVERSIZED -> expectReset(exchange, Outcome.SESSION_RESET, header(FrameKind.BODY, id,
                    MAX_FRAME_BYTES + 1 + random.nextInt(Integer.MAX_VALUE - MAX_FRAME_BYTES)));
            case TRUNCATED -> {
                byte[] frame = ScriptedPeer.encode(new Frame(FrameKind.BODY, id, randomBytes(100)));
                byte[] cut = Arrays.copyOf(frame, 1 + random.nextInt(frame.length - 1));
                peer.send(FramePayloads.responseHead(id, OK));
                expectReset(exchange, Outcome.SESSION_RESET, cut);
            }
            case PEER_EOF -> expectReset(exchange, Outcome.SESSION_RESET, new byte[0]);
            case GARBAGE -> expectReset(exchange, null, randomBytes(1 + random.nextInt(64)));
            case MUTATED -> expectReset(exchange, null, mutatedResponse(id));
        }
    }

    /** A second exchange opened mid-answer: frames of both ids alternate and both arrive whole. */
    private void interleave(Exchange first, long firstId) throws InterruptedException {
        try (Exchange second = channel.open(post("/fuzz", "second"))) {
            long secondId = peer.expect(FrameKind.REQUEST).requestId();
            peer.send(FramePayloads.responseHead(secondId, OK), FramePayloads.responseHead(firstId, OK));
            var firstBody = new ByteArrayOutputStream();
            var secondBody = new ByteArrayOutputStream();
            for (int i = 0; i < 1 + random.nextInt(20); i++) {
                boolean toFirst = random.nextBoolean();
                byte[] piece = randomBytes(random.nextInt(200));
                (toFirst ? firstBody : secondBody).writeBytes(piece);
                peer.send(new Frame(FrameKind.BODY, toFirst ? firstId : secondId, piece));
            }
            peer.send(Frame.of(FrameKind.END, secondId), Frame.of(FrameKind.END, firstId));
            assertThat(read(second)).isEqualTo(secondBody.toByteArray());
            assertThat(read(first)).isEqualTo(firstBody.toByteArray());
        }
    }

    private void expectRequestFailure(Exchange exchange, long id, Frame... frames)
            throws InterruptedException {
        peer.send(frames);
        assertThat(failure(exchange).status()).isEqualTo(502);
        assertThat(peer.expect(FrameKind.CANCEL).requestId()).isEqualTo(id);
        peer.roundTrip(id);
    }

    /** Sends the bytes, then ends the stream, so any frame they leave unfinished is truncated. */
    private void expectReset(Exchange exchange, Outcome expected, byte[] bytes)
            throws InterruptedException {
        peer.sendRaw(bytes);
        peer.close();
        Outcome outcome = outcome(exchange);
        if (expected != null) {
            assertThat(outcome).isEqualTo(expected);
        }
        peer.awaitHostClosed();
        assertThat(channel.isUp()).isFalse();
    }

    /** Reads the exchange to its end; a failure must be a prompt ChannelException, never a 504. */
    private static Outcome outcome(Exchange exchange) {
        try {
            exchange.head(WAIT);
            read(exchange);
            return Outcome.COMPLETED;
        } catch (ChannelException e) {
            assertThat(e.status()).as("status of %s", e.getMessage()).isNotEqualTo(504);
            return e.getMessage().contains("session reset") || e.status() == 503
                    ? Outcome.SESSION_RESET
                    : Outcome.REQUEST_FAILED;
        }
    }

    private static ChannelException failure(Exchange exchange) {
        try {
            exchange.head(WAIT);
            read(exchange);
        } catch (ChannelException e) {
            return e;
        }
        throw new AssertionError("exchange " + exchange.id() + " did not fail");
    }

    private void respondValid(long id, byte[] body) {
        peer.send(FramePayloads.responseHead(id, OK));
        for (int from = 0; from < body.length; from += MAX_FRAME_BYTES) {
            peer.send(new Frame(FrameKind.BODY, id,
                    Arrays.copyOfRange(body, from, Math.min(body.length, from + MAX_FRAME_BYTES))));
        }
        peer.send(Frame.of(FrameKind.END, id));
    }

    private byte[] mutatedResponse(long id) {
        byte[] bytes = ScriptedPeer.encode(FramePayloads.responseHead(id, OK),
                new Frame(FrameKind.BODY, id, randomBytes(random.nextInt(64))),
                Frame.of(FrameKind.END, id));
        for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    private byte[] badHeader(long id) {
        byte[] bytes = header(FrameKind.END, id, 0);
        switch (random.nextInt(4)) {
            case 0 -> bytes[random.nextInt(2)] ^= (byte) (1 + random.nextInt(255));
            case 1 -> bytes[2] = (byte) (2 + random.nextInt(254));
            case 2 -> bytes[3] = (byte) (random.nextBoolean() ? 0 : 10 + random.nextInt(246));
            default -> bytes[3] = (byte) FrameKind.PING.code();
        }
        return bytes;
    }

    private byte[] badJson() {
        String valid = "{\"status\":200,\"headers\":{\"a\":\"b\"}}";
        return switch (random.nextInt(3)) {
            case 0 -> valid.substring(0, random.nextInt(valid.length() - 1))
                    .getBytes(StandardCharsets.UTF_8);
            case 1 -> ("{\"status\":" + (600 + random.nextInt(1000)) + "}")
                    .getBytes(StandardCharsets.UTF_8);
            default -> new byte[] {'[', (byte) 0xC0, (byte) 0xAF, ']'};
        };
    }

    private static byte[] header(FrameKind kind, long id, int length) {
        return ByteBuffer.allocate(16)
                .putShort((short) 0xA17C)
                .put((byte) 1)
                .put((byte) kind.code())
                .putLong(id)
                .putInt(length)
                .array();
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] read(Exchange exchange) {
        return TestExchanges.drain(exchange);
    }
}
