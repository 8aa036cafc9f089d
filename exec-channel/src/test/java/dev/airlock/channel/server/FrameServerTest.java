package dev.airlock.channel.server;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.airlock.channel.RequestHandler;
import dev.airlock.channel.frame.FramePayloads;
import dev.airlock.channel.frame.FrameReader;
import dev.airlock.channel.frame.FrameWriter;
import dev.airlock.channel.memory.BytePipe;
import dev.airlock.dto.frame.Frame;
import dev.airlock.dto.frame.FrameError;
import dev.airlock.dto.frame.FrameKind;
import dev.airlock.dto.frame.ResponseHead;

import static dev.airlock.channel.TestExchanges.post;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class FrameServerTest {
    private static final ResponseHead OK = new ResponseHead(200, Map.of());

    private final BytePipe toServer = new BytePipe(64 * 1024);
    private final BytePipe toHost = new BytePipe(64 * 1024);
    private final FrameWriter host = new FrameWriter(toServer.sink());
    private final FrameReader fromServer = new FrameReader(toHost.source());
    private final CompletableFuture<Void> served = new CompletableFuture<>();
    private final AtomicInteger flushes = new AtomicInteger();

    @AfterEach
    void endSession() {
        toServer.closeSink();
        toHost.closeSource();
    }

    @Test
    void answersPingWithPong() throws Exception {
        start((request, sink) -> { });

        host.write(new Frame(FrameKind.PING, 0, new byte[] {1, 2, 3}));

        Frame pong = fromServer.readFrame();
        assertThat(pong.kind()).isEqualTo(FrameKind.PONG);
        assertThat(pong.payload()).containsExactly(1, 2, 3);
    }

    @Test
    void requestThatIsNotJsonGets400() throws Exception {
        start((request, sink) -> { });

        host.write(new Frame(FrameKind.REQUEST, 1, "{nope".getBytes(StandardCharsets.UTF_8)));

        FrameError error = FramePayloads.frameError(expect(FrameKind.ERROR, 1));
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.message()).startsWith("invalid REQUEST frame: REQUEST payload of 5 bytes");
    }

    @Test
    void handlerThatReturnsWithoutEndingGets500() throws Exception {
        start((request, sink) -> sink.head(OK));

        host.write(FramePayloads.request(1, post("/x", "")));

        expect(FrameKind.RESPONSE_HEAD, 1);
        FrameError error = FramePayloads.frameError(expect(FrameKind.ERROR, 1));
        assertThat(error.status()).isEqualTo(500);
        assertThat(error.message()).isEqualTo("the airlock did not complete the response");
    }

    @Test
    void bodyBeforeHeadIsRefusedAndReportedAs500() throws Exception {
        start((request, sink) -> sink.body(new byte[1]));

        host.write(FramePayloads.request(1, post("/x", "")));

        FrameError error = FramePayloads.frameError(expect(FrameKind.ERROR, 1));
        assertThat(error.message()).isEqualTo("internal error in the airlock while handling"
                + " request 1");
    }

    @Test
    void splitsABodyLargerThanTheFrameLimit() throws Exception {
        startWithLimit(1024, (request, sink) -> {
            sink.head(OK);
            sink.body(new byte[2500]);
            sink.end();
        });

        host.write(FramePayloads.request(1, post("/x", "")));

        expect(FrameKind.RESPONSE_HEAD, 1);
        assertThat(expect(FrameKind.BODY, 1).payload()).hasSize(1024);
        assertThat(expect(FrameKind.BODY, 1).payload()).hasSize(1024);
        assertThat(expect(FrameKind.BODY, 1).payload()).hasSize(452);
        expect(FrameKind.END, 1);
    }

    @Test
    void completeSendsHeadBodyAndEndInOneFlush() throws Exception {
        var handled = new CountDownLatch(1);
        startWithLimit(1024, (request, sink) -> {
            sink.complete(OK, new byte[1500]);
            handled.countDown();
        });

        host.write(FramePayloads.request(1, post("/x", "")));

        expect(FrameKind.RESPONSE_HEAD, 1);
        assertThat(expect(FrameKind.BODY, 1).payload()).hasSize(1024);
        assertThat(expect(FrameKind.BODY, 1).payload()).hasSize(476);
        expect(FrameKind.END, 1);
        assertThat(handled.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(flushes).hasValue(1);
    }

    @Test
    void lastSendsTheFinalPieceWithTheEndInOneFlush() throws Exception {
        var handled = new CountDownLatch(1);
        start((request, sink) -> {
            sink.head(OK);
            sink.body("a".getBytes(StandardCharsets.UTF_8));
            sink.last("b".getBytes(StandardCharsets.UTF_8));
            handled.countDown();
        });

        host.write(FramePayloads.request(1, post("/x", "")));

        expect(FrameKind.RESPONSE_HEAD, 1);
        assertThat(new String(expect(FrameKind.BODY, 1).payload(), StandardCharsets.UTF_8)).isEqualTo("a");
        assertThat(new String(expect(FrameKind.BODY, 1).payload(), StandardCharsets.UTF_8)).isEqualTo("b");
        expect(FrameKind.END, 1);
        assertThat(handled.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(flushes).hasValue(3);
    }

    @Test
    void completeAfterTheHeadIsRefusedAndReportedAs500() throws Exception {
        start((request, sink) -> {
            sink.head(OK);
            sink.complete(OK, new byte[1]);
        });

        host.write(FramePayloads.request(1, post("/x", "")));

        expect(FrameKind.RESPONSE_HEAD, 1);
        FrameError error = FramePayloads.frameError(expect(FrameKind.ERROR, 1));
        assertThat(error.status()).isEqualTo(500);
    }

    @Test
    void cancelReachesTheHandler() throws Exception {
        var cancelled = new CountDownLatch(1);
        start((request, sink) -> {
            sink.head(OK);
            while (!sink.isCancelled()) {
                sink.body(new byte[1]);
            }
            cancelled.countDown();
        });
        host.write(FramePayloads.request(1, post("/x", "")));
        expect(FrameKind.RESPONSE_HEAD, 1);

        host.write(Frame.of(FrameKind.CANCEL, 1));

        drainInBackground();
        assertThat(cancelled.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void goodbyeEndsServeAndCancelsRunningHandlers() throws Exception {
        var cancelled = new CountDownLatch(1);
        var started = new CountDownLatch(1);
        start((request, sink) -> {
            started.countDown();
            while (!sink.isCancelled()) {
                Thread.onSpinWait();
            }
            cancelled.countDown();
        });
        host.write(FramePayloads.request(1, post("/x", "")));
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        host.write(Frame.of(FrameKind.GOODBYE, 0));

        served.get(5, TimeUnit.SECONDS);
        assertThat(cancelled.await(5, TimeUnit.SECONDS)).isTrue();
    }

    private void start(RequestHandler handler) {
        startWithLimit(FrameReader.DEFAULT_MAX_FRAME_BYTES, handler);
    }

    private void startWithLimit(int maxFrameBytes, RequestHandler handler) {
        var out = new FilterOutputStream(toHost.sink()) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void flush() throws IOException {
                flushes.incrementAndGet();
                super.flush();
            }
        };
        var server = new FrameServer(toServer.source(), out, handler, maxFrameBytes, Duration.ofSeconds(5));
        Thread.ofVirtual().start(() -> {
            try {
                server.serve();
                served.complete(null);
            } catch (IOException e) {
                served.completeExceptionally(e);
            }
        });
    }

    private Frame expect(FrameKind kind, long id) throws IOException {
        Frame frame = fromServer.readFrame();
        assertThat(frame).isNotNull();
        assertThat(frame.kind()).isEqualTo(kind);
        assertThat(frame.requestId()).isEqualTo(id);
        return frame;
    }

    private void drainInBackground() {
        Thread.ofVirtual().start(() -> {
            try {
                while (fromServer.readFrame() != null) {
                    // discard: only the handler's view of the cancel matters here
                }
            } catch (IOException e) {
                // pipe closed at the end of the test
            }
        });
    }
}
