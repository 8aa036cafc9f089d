package dev.airlock.channel.memory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded in-memory pipe: bytes written to {@link #sink()} are read from {@link #source()}.
 * Unlike {@link java.io.PipedInputStream} it has no writer-thread liveness checks and never
 * polls. Writes block while the pipe is full; closing the sink gives the reader end of stream
 * once drained; closing the source makes pending and later writes and reads fail. Thread-safe.
 */
public final class BytePipe {
    private final byte[] ring;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final Condition writable = lock.newCondition();
    private int head;
    private int size;
    private boolean sinkClosed;
    private boolean sourceClosed;
    private final Source source = new Source();
    private final Sink sink = new Sink();

    /** Creates a pipe that holds up to {@code capacityBytes} unread bytes. */
    public BytePipe(int capacityBytes) {
        if (capacityBytes < 1) {
            throw new IllegalArgumentException("capacityBytes must be >= 1, got " + capacityBytes);
        }
        ring = new byte[capacityBytes];
    }

    /** Returns the reading end. */
    public InputStream source() {
        return source;
    }

    /** Returns the writing end. */
    public OutputStream sink() {
        return sink;
    }

    /** Closes the writing end, as {@code sink().close()} does, without a checked exception. */
    public void closeSink() {
        sink.close();
    }

    /** Closes the reading end, as {@code source().close()} does, without a checked exception. */
    public void closeSource() {
        source.close();
    }

    private final class Source extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : Byte.toUnsignedInt(one[0]);
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, bytes.length);
            if (length == 0) {
                return 0;
            }
            lock.lock();
            try {
                while (size == 0 && !sinkClosed && !sourceClosed) {
                    readable.await();
                }
                if (sourceClosed) {
                    throw new IOException("pipe closed by its reader");
                }
                if (size == 0) {
                    return -1;
                }
                int count = Math.min(length, Math.min(size, ring.length - head));
                System.arraycopy(ring, head, bytes, offset, count);
                head = (head + count) % ring.length;
                size -= count;
                writable.signalAll();
                return count;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the pipe", e);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public int available() {
            lock.lock();
            try {
                return size;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            lock.lock();
            try {
                sourceClosed = true;
                readable.signalAll();
                writable.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private final class Sink extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, bytes.length);
            lock.lock();
            try {
                int written = 0;
                while (written < length) {
                    while (size == ring.length && !sourceClosed && !sinkClosed) {
                        writable.await();
                    }
                    if (sourceClosed || sinkClosed) {
                        throw new IOException("pipe closed");
                    }
                    int tail = (head + size) % ring.length;
                    int count = Math.min(length - written,
                            Math.min(ring.length - size, ring.length - tail));
                    System.arraycopy(bytes, offset + written, ring, tail, count);
                    size += count;
                    written += count;
                    readable.signalAll();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while writing the pipe", e);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            lock.lock();
            try {
                sinkClosed = true;
                readable.signalAll();
                writable.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
