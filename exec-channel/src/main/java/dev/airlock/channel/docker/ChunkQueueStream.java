package dev.airlock.channel.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An {@link InputStream} fed with byte chunks from another thread, backed by a bounded queue
 * instead of {@link java.io.PipedInputStream} (whose writer-liveness checks break when the
 * writing thread ends, as docker-java's callback threads do). {@link #offer(byte[])} blocks
 * while {@code capacityChunks} chunks are unread; {@link #finish()} gives the reader end of
 * stream once drained, and {@link #close()} gives it at once. Thread-safe.
 */
final class ChunkQueueStream extends InputStream {
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> chunks;
    private byte[] current;
    private int position;
    private volatile boolean ended;

    ChunkQueueStream(int capacityChunks) {
        this.chunks = new ArrayBlockingQueue<>(capacityChunks);
    }

    /**
     * Queues {@code chunk} for the reader, which then owns it; blocks while the queue is full.
     *
     * @return false when the stream has ended and the chunk was dropped
     */
    boolean offer(byte[] chunk) throws InterruptedIOException {
        if (ended) {
            return false;
        }
        if (chunk.length == 0) {
            return true;
        }
        try {
            while (!ended) {
                if (chunks.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while queueing " + chunk.length
                    + " bytes");
        }
    }

    /** Ends the stream after what is queued; never blocks. */
    void finish() {
        ended = true;
        chunks.offer(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : Byte.toUnsignedInt(one[0]);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (current == END) {
            return -1;
        }
        while (current == null || position == current.length) {
            if (current == END) {
                return -1;
            }
            current = next();
            position = 0;
        }
        int count = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, count);
        position += count;
        return count;
    }

    private byte[] next() throws InterruptedIOException {
        try {
            while (true) {
                // Polled, so that finish() on a full queue still ends the stream once drained.
                byte[] chunk = chunks.poll(100, TimeUnit.MILLISECONDS);
                if (chunk != null) {
                    return chunk;
                }
                if (ended && chunks.isEmpty()) {
                    return END;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for bytes");
        }
    }

    @Override
    public int available() {
        return current == null || current == END ? 0 : current.length - position;
    }

    @Override
    public void close() {
        ended = true;
        chunks.clear();
        chunks.offer(END);
    }
}
