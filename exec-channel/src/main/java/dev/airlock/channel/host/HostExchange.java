package dev.airlock.channel.host;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.airlock.channel.ChannelException;
import dev.airlock.channel.Exchange;
import dev.airlock.dto.frame.ResponseHead;

/**
 * One request in flight on a {@link Session}. The session's reader thread fills it; one consumer
 * thread drains it. Body bytes are bounded by {@code maxBufferedBytes}: a full buffer makes the
 * reader wait (see {@link #acceptBody}), so a slow consumer slows the pipe for a bounded time only.
 */
final class HostExchange implements Exchange {
    private final long id;
    private final Session session;
    private final long maxBufferedBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private ResponseHead head;
    private long bufferedBytes;
    private boolean ended;
    private ChannelException failure;
    private boolean closed;

    // Touched by the session's reader thread only.
    boolean headSeen;
    int status;
    long bodyBytes;
    final long startNanos = System.nanoTime();

    HostExchange(long id, Session session, long maxBufferedBytes) {
        this.id = id;
        this.session = session;
        this.maxBufferedBytes = maxBufferedBytes;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public ResponseHead head(Duration timeout) {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (head == null && failure == null && !closed) {
                if (remaining <= 0) {
                    throw new ChannelException(504, "server_error", "airlock sent no response head"
                            + " for request " + id + " within " + timeout.toMillis() + " ms");
                }
                remaining = changed.awaitNanos(remaining);
            }
            requireOpen();
            if (head != null) {
                return head;
            }
            throw copy(failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public byte[] nextChunk(Duration timeout) {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (chunks.isEmpty() && !ended && failure == null && !closed) {
                if (remaining <= 0) {
                    throw new ChannelException(504, "server_error", "airlock sent no body for"
                            + " request " + id + " within " + timeout.toMillis() + " ms");
                }
                remaining = changed.awaitNanos(remaining);
            }
            requireOpen();
            byte[] chunk = chunks.poll();
            if (chunk != null) {
                bufferedBytes -= chunk.length;
                changed.signalAll();
                return chunk;
            }
            if (failure != null) {
                throw copy(failure);
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        boolean finished;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            finished = ended || failure != null;
            chunks.clear();
            bufferedBytes = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        session.release(this, !finished);
    }

    void acceptHead(ResponseHead value) {
        lock.lock();
        try {
            head = value;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Buffers a body piece, waiting up to {@code timeout} for room.
     *
     * @return false when the consumer did not make room in time; the piece was not buffered
     */
    boolean acceptBody(byte[] bytes, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (!closed && failure == null && bufferedBytes > 0
                    && bufferedBytes + bytes.length > maxBufferedBytes) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = changed.awaitNanos(remaining);
            }
            if (!closed && failure == null) {
                chunks.add(bytes);
                bufferedBytes += bytes.length;
                changed.signalAll();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    void acceptEnd() {
        lock.lock();
        try {
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Fails the exchange unless it already ended or failed; buffered body is kept for reading. */
    void fail(ChannelException cause) {
        lock.lock();
        try {
            if (!ended && failure == null) {
                failure = cause;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Fails a running exchange and drops its buffered body, to give the memory back at once. */
    void failAndDrop(ChannelException cause) {
        lock.lock();
        try {
            if (!ended && failure == null) {
                failure = cause;
                chunks.clear();
                bufferedBytes = 0;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Returns how many body bytes wait for the consumer; for tests and diagnostics. */
    long bufferedBytes() {
        lock.lock();
        try {
            return bufferedBytes;
        } finally {
            lock.unlock();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("exchange " + id + " is closed");
        }
    }

    private static ChannelException copy(ChannelException failure) {
        // A fresh exception per throw, so the stack trace shows the consumer, not the reader.
        return new ChannelException(failure.status(), failure.type(), failure.getMessage(),
                failure.getCause());
    }

    private ChannelException interrupted(InterruptedException e) {
        return new ChannelException(503, "server_error", "interrupted while waiting for request "
                + id, e);
    }
}
