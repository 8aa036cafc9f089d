package dev.airlock.channel.host;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.airlock.channel.ChannelException;
import dev.airlock.channel.Exchange;
import dev.airlock.channel.frame.FramePayloads;
import dev.airlock.dto.frame.Frame;
import dev.airlock.dto.frame.FrameError;
import dev.airlock.dto.frame.FrameKind;
import dev.airlock.dto.frame.ResponseHead;

import static dev.airlock.channel.TestExchanges.post;
import static dev.airlock.channel.TestExchanges.readBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class HostilePeerTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final ResponseHead OK = new ResponseHead(200, Map.of());

    private final ScriptedTransport transport = new ScriptedTransport();
    private MultiplexedChannel channel;
    private Exchange exchange;
    private ScriptedPeer peer;
    private long id;

    @BeforeEach
    void openOneExchange() throws InterruptedException {
        channel = new MultiplexedChannel(transport);
        exchange = channel.open(post("/x", "secret prompt"));
        peer = transport.nextPeer();
        id = peer.expect(FrameKind.REQUEST).requestId();
    }

    @AfterEach
    void closeChannel() {
        exchange.close();
        channel.close();
    }

    @Test
    void bodyBeforeHeadFailsTheRequestWith502AndCancelsIt() throws InterruptedException {
        peer.send(new Frame(FrameKind.BODY, id, new byte[3]));

        assertFails(502, "airlock broke the frame protocol on request " + id
                + ": sent BODY before RESPONSE_HEAD; request cancelled");
        assertThat(peer.expect(FrameKind.CANCEL).requestId()).isEqualTo(id);
        assertSessionSurvives();
    }

    @Test
    void secondHeadFailsTheRequestWith502() throws InterruptedException {
        peer.send(FramePayloads.responseHead(id, OK), FramePayloads.responseHead(id, OK));

        assertThat(exchange.head(WAIT).status()).isEqualTo(200);
        assertThatThrownBy(() -> exchange.nextChunk(WAIT))
                .isInstanceOfSatisfying(ChannelException.class,
                        e -> assertThat(e.status()).isEqualTo(502))
                .hasMessageContaining("sent a second RESPONSE_HEAD");
        assertThat(peer.expect(FrameKind.CANCEL).requestId()).isEqualTo(id);
        assertSessionSurvives();
    }

    @Test
    void endBeforeHeadFailsTheRequestWith502() throws InterruptedException {
        peer.send(Frame.of(FrameKind.END, id));

        assertFails(502, "sent END before RESPONSE_HEAD");
        assertThat(peer.expect(FrameKind.CANCEL).requestId()).isEqualTo(id);
        assertSessionSurvives();
    }

    @Test
    void headThatIsNotJsonFailsTheRequestWith502() throws InterruptedException {
        peer.send(new Frame(FrameKind.RESPONSE_HEAD, id, utf8("{\"status\":")));

        assertFails(502, "expected a JSON ResponseHead, found text that does not parse as one");
        assertThat(peer.expect(FrameKind.CANCEL).requestId()).isEqualTo(id);
        assertSessionSurvives();
    }

    @Test
    void errorPayloadWithMalformedUtf8FailsTheRequestWith502() throws InterruptedException {
        peer.send(new Frame(FrameKind.ERROR, id, new byte[] {'{', (byte) 0xFF, '}'}));

        assertFails(502, "expected UTF-8 JSON, found malformed UTF-8");
        assertThat(peer.expect(FrameKind.CANCEL).requestId()).isEqualTo(id);
        assertSessionSurvives();
    }

    @Test
    void hostOnlyKindFromThePeerFailsTheRequestWith502() throws InterruptedException {
        peer.send(Frame.of(FrameKind.CANCEL, id));

        assertFails(502, "sent CANCEL, a frame only the host may send");
        assertThat(peer.expect(FrameKind.CANCEL).requestId()).isEqualTo(id);
        assertSessionSurvives();
    }

    @Test
    void errorFrameFailsTheRequestWithItsStatus() throws InterruptedException {
        peer.send(FramePayloads.error(id, new FrameError(404, "invalid_request_error", "no model")));

        assertThatThrownBy(() -> exchange.head(WAIT))
                .isInstanceOfSatisfying(ChannelException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.type()).isEqualTo("invalid_request_error");
                })
                .hasMessage("no model");
        assertThat(peer.nothingReceived()).isTrue();
        assertSessionSurvives();
    }

    @Test
    void lateFrameForAFinishedRequestIsDropped() throws InterruptedException {
        peer.send(FramePayloads.responseHead(id, OK), Frame.of(FrameKind.END, id),
                new Frame(FrameKind.BODY, id, new byte[5]));

        assertThat(readBody(exchange)).isEmpty();
        assertSessionSurvives();
    }

    @Test
    void frameForAnIdNeverIssuedResetsTheSession() throws InterruptedException {
        peer.send(new Frame(FrameKind.BODY, id + 1, new byte[1]));

        assertFails(502, "airlock sent an invalid frame, session reset: BODY frame for request "
                + (id + 1) + ", which this session never issued (issued so far: 1.." + id + ")");
        peer.awaitHostClosed();
        assertNextOpenStartsANewSession();
    }

    @Test
    void badMagicResetsTheSession() throws InterruptedException {
        peer.sendRaw(new byte[] {0x00, 0x01, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});

        assertFails(502, "bad frame magic: expected 0xA17C, found 0x0001");
        peer.awaitHostClosed();
        assertNextOpenStartsANewSession();
    }

    @Test
    void endOfStreamFailsTheRequestWith503() throws InterruptedException {
        peer.close();

        assertFails(503, "airlock closed the channel (end of stream from scripted peer 1)");
        peer.awaitHostClosed();
        assertNextOpenStartsANewSession();
    }

    @Test
    void goodbyeFromThePeerEndsTheSession() throws InterruptedException {
        peer.send(Frame.of(FrameKind.GOODBYE, 0));

        assertFails(503, "airlock ended the session (GOODBYE)");
        assertNextOpenStartsANewSession();
    }

    @Test
    void peerPingIsAnsweredWithPong() throws InterruptedException {
        peer.roundTrip(42);

        assertThat(channel.isUp()).isTrue();
    }

    @Test
    void responseBodyIsNeverLoggedOrQuoted() throws InterruptedException {
        peer.send(new Frame(FrameKind.RESPONSE_HEAD, id, utf8("{\"status\": \"secret\"}")));

        assertThatThrownBy(() -> exchange.head(WAIT)).hasMessageNotContaining("secret");
    }

    private void assertFails(int status, String message) {
        assertThatThrownBy(() -> exchange.head(WAIT))
                .isInstanceOfSatisfying(ChannelException.class,
                        e -> assertThat(e.status()).isEqualTo(status))
                .hasMessageContaining(message);
    }

    private void assertSessionSurvives() throws InterruptedException {
        peer.roundTrip(7);
        assertThat(channel.isUp()).isTrue();
        assertThat(channel.inFlight()).isZero();
        assertThat(channel.sessionCount()).isEqualTo(1);
    }

    private void assertNextOpenStartsANewSession() throws InterruptedException {
        try (Exchange next = channel.open(post("/y", ""))) {
            ScriptedPeer fresh = transport.nextPeer();
            long nextId = fresh.expect(FrameKind.REQUEST).requestId();
            fresh.send(FramePayloads.responseHead(nextId, OK), new Frame(FrameKind.BODY, nextId,
                    utf8("ok")), Frame.of(FrameKind.END, nextId));

            assertThat(nextId).isGreaterThan(id);
            assertThat(readBody(next)).isEqualTo("ok");
            assertThat(channel.sessionCount()).isEqualTo(2);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
