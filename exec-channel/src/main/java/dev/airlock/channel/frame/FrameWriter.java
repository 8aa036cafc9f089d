package dev.airlock.channel.frame;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import dev.airlock.dto.frame.Frame;

/**
 * Writes whole frames of format version 1 to a stream and flushes after each write. Thread-safe: frames
 * from many threads never interleave, because each is written under one lock (a
 * {@link ReentrantLock}, so a virtual thread blocked on a full pipe does not pin its carrier).
 */
public final class FrameWriter implements AutoCloseable {
    private final OutputStream out;
    private final int maxFrameBytes;
    private final ReentrantLock lock = new ReentrantLock();

    /** Creates a writer with the default limit of {@value FrameReader#DEFAULT_MAX_FRAME_BYTES}. */
    public FrameWriter(OutputStream out) {
        this(out, FrameReader.DEFAULT_MAX_FRAME_BYTES);
    }

    /** Creates a writer that refuses frames its peer's reader would reject as too long. */
    public FrameWriter(OutputStream out, int maxFrameBytes) {
        this.out = Objects.requireNonNull(out, "out");
        if (maxFrameBytes < FrameReader.MAX_PING_BYTES) {
            throw new IllegalArgumentException("maxFrameBytes must be >= "
                    + FrameReader.MAX_PING_BYTES + ", got " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Writes the frames back to back and flushes once; blocks while the pipe is full. Several
     * frames thus leave a buffered stream as one write, and the peer reads them with one wake-up
     * instead of one per frame. Nothing is written when one of them breaks the format.
     *
     * @throws IllegalArgumentException when a frame breaks the format (id or length for its kind)
     * @throws IOException when the stream fails
     */
    public void write(Frame... frames) throws IOException {
        byte[][] headers = new byte[frames.length][];
        for (int i = 0; i < frames.length; i++) {
            headers[i] = header(frames[i]);
        }
        lock.lock();
        try {
            for (int i = 0; i < frames.length; i++) {
                out.write(headers[i]);
                out.write(frames[i].payload());
            }
            out.flush();
        } finally {
            lock.unlock();
        }
    }

    private byte[] header(Frame frame) {
        String violation = FrameFormat.violation(
                frame.kind(), frame.requestId(), frame.payload().length, maxFrameBytes);
        if (violation != null) {
            throw new IllegalArgumentException(violation);
        }
        return ByteBuffer.allocate(FrameFormat.HEADER_BYTES)
                .putShort((short) FrameFormat.MAGIC)
                .put((byte) FrameFormat.VERSION)
                .put((byte) frame.kind().code())
                .putLong(frame.requestId())
                .putInt(frame.payload().length)
                .array();
    }

    /** Closes the stream without waiting for a writer blocked on it. Safe to call twice. */
    @Override
    public void close() throws IOException {
        out.close();
    }
}
