package dev.airlock.channel.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.airlock.channel.frame.FrameReader;
import dev.airlock.channel.frame.FrameWriter;
import dev.airlock.channel.memory.BytePipe;
import dev.airlock.dto.frame.Frame;
import dev.airlock.dto.frame.FrameKind;

/**
 * The container side of a {@link ScriptedTransport}: receives the host's frames on a thread of
 * its own and sends whatever bytes the test scripts, valid or not.
 */
final class ScriptedPeer {
    private final BytePipe toHost;
    private final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
    private final CountDownLatch hostClosed = new CountDownLatch(1);

    ScriptedPeer(InputStream fromHost, BytePipe toHost) {
        this.toHost = toHost;
        Thread.ofVirtual().start(() -> {
            var frames = new FrameReader(fromHost);
            try {
                for (Frame frame = frames.readFrame(); frame != null; frame = frames.readFrame()) {
                    if (frame.kind() == FrameKind.GOODBYE) {
                        toHost.closeSink();
                    }
                    received.add(frame);
                }
            } catch (IOException e) {
                // the host closed its end
            } finally {
                hostClosed.countDown();
            }
        });
    }

    /** Waits for the next frame from the host and checks its kind. */
    Frame expect(FrameKind kind) throws InterruptedException {
        Frame frame = received.poll(5, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("expected " + kind + " from the host, got nothing in 5 s");
        }
        if (frame.kind() != kind) {
            throw new AssertionError("expected " + kind + " from the host, got " + frame.kind()
                    + " for request " + frame.requestId());
        }
        return frame;
    }

    /** Returns whether nothing from the host is waiting to be expected. */
    boolean nothingReceived() {
        return received.isEmpty();
    }

    void send(Frame... frames) {
        sendRaw(encode(frames));
    }

    void sendRaw(byte[] bytes) {
        try {
            toHost.sink().write(bytes);
        } catch (IOException e) {
            // The host already closed this session; what the test wanted to send no longer matters.
        }
    }

    /** Ends the stream towards the host. */
    void close() {
        toHost.closeSink();
    }

    /** Waits until the host has closed its end of the pipe. */
    void awaitHostClosed() throws InterruptedException {
        if (!hostClosed.await(5, TimeUnit.SECONDS)) {
            throw new AssertionError("the host did not close the session within 5 s");
        }
    }

    /** Sends a PING and waits for its PONG: proves the host read everything sent before it. */
    void roundTrip(long nonce) throws InterruptedException {
        byte[] payload = ByteBuffer.allocate(8).putLong(nonce).array();
        send(new Frame(FrameKind.PING, 0, payload));
        Frame pong = expect(FrameKind.PONG);
        if (!Arrays.equals(pong.payload(), payload)) {
            throw new AssertionError("PONG did not echo the PING payload");
        }
    }

    static byte[] encode(Frame... frames) {
        var bytes = new ByteArrayOutputStream();
        var writer = new FrameWriter(bytes);
        try {
            for (Frame frame : frames) {
                writer.write(frame);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
