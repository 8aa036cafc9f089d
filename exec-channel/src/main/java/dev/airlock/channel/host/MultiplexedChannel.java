package dev.airlock.channel.host;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import dev.airlock.channel.Channel;
import dev.airlock.channel.ChannelException;
import dev.airlock.channel.Exchange;
import dev.airlock.dto.frame.RequestHead;

/**
 * The host's {@link Channel}: many exchanges multiplexed over one {@link Connection} at a time.
 *
 * <p>One reader thread per session reads every frame from the airlock and hands it to its
 * exchange; one lock orders the frames written. Request ids increase strictly across the channel's
 * life, so they are never reused within a session. The airlock is hostile: a frame that breaks the
 * protocol for one request (BODY before RESPONSE_HEAD, a second head, bad JSON or UTF-8, a
 * host-only kind) fails that request with a 502 and CANCELs it; a frame that cannot be attributed
 * (bad magic, version, kind or length, an id never issued, truncation) resets the session with a
 * 502 for every request in flight, and the end of the stream fails them with a 503. The next
 * {@link #open} then starts a new session through the {@link Transport}.
 *
 * <p>Backpressure: each exchange buffers at most {@link ChannelOptions#maxBufferedBytes()} of body.
 * When a consumer falls behind, the reader stops reading the pipe, which stalls every exchange,
 * for at most {@link ChannelOptions#backpressureTimeout()}; then it fails that one exchange with a
 * 504 and CANCELs it. So one slow client can neither make the host buffer without bound nor stall
 * the others for longer than the timeout. Memory is bounded by in-flight exchanges times
 * {@code maxBufferedBytes}, plus one frame.
 *
 * <p>Thread-safe. Writing a REQUEST blocks while the airlock's input pipe is full.
 */
public final class MultiplexedChannel implements Channel {
    private static final System.Logger LOGGER = System.getLogger(MultiplexedChannel.class.getName());

    private final Transport transport;
    private final ChannelOptions options;
    private final ReentrantLock sessionLock = new ReentrantLock();
    private final AtomicLong requestIds = new AtomicLong();
    private final AtomicLong pingNonces = new AtomicLong();
    private long sessionCount;
    private volatile Session current;
    private volatile boolean closed;

    /** Creates a channel with {@link ChannelOptions#DEFAULTS}; no session starts until first used. */
    public MultiplexedChannel(Transport transport) {
        this(transport, ChannelOptions.DEFAULTS);
    }

    /** Creates a channel with the given limits; no session starts until first used. */
    public MultiplexedChannel(Transport transport, ChannelOptions options) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Sends a request, starting a session first when none is live. When the write fails on a
     * session that just died, retries once on a fresh one (the request never reached the airlock).
     *
     * @throws ChannelException 503 when the airlock cannot be started or the channel is closed;
     *     413 when the request exceeds {@code channel.max-frame-bytes}
     */
    @Override
    public Exchange open(RequestHead request) {
        Objects.requireNonNull(request, "request");
        IOException lastFailure = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            Session session = liveSession();
            try {
                return session.send(request);
            } catch (IllegalArgumentException e) {
                throw new ChannelException(413, "invalid_request_error", "request too large for"
                        + " the channel: " + e.getMessage(), e);
            } catch (IOException e) {
                lastFailure = e;
                session.end(503, "lost the channel to the airlock while writing: " + e.getMessage(),
                        e, Level.WARNING);
            }
        }
        throw new ChannelException(503, "server_error", "could not send the request to the airlock: "
                + lastFailure.getMessage(), lastFailure);
    }

    /**
     * Sends a PING and waits for the PONG, starting a session when none is live.
     *
     * @return the measured round trip
     * @throws ChannelException 504 when no PONG arrives within {@code timeout}, 503 when down
     */
    public Duration ping(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return liveSession().ping(pingNonces.incrementAndGet(), timeout);
    }

    @Override
    public boolean isUp() {
        Session session = current;
        return !closed && session != null && session.isAlive();
    }

    /** Returns how many exchanges are in flight on the current session; for health and tests. */
    public int inFlight() {
        Session session = current;
        return session == null ? 0 : session.inFlight();
    }

    /** Returns how many sessions this channel has started so far; for health and tests. */
    public long sessionCount() {
        sessionLock.lock();
        try {
            return sessionCount;
        } finally {
            sessionLock.unlock();
        }
    }

    /**
     * Fails what is in flight with a 503, sends GOODBYE, waits up to
     * {@link ChannelOptions#closeTimeout()} for the airlock to end the session, then releases the
     * connection. Safe to call twice.
     */
    @Override
    public void close() {
        Session session;
        sessionLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            session = current;
            current = null;
        } finally {
            sessionLock.unlock();
        }
        if (session != null) {
            session.shutdown(options.closeTimeout());
        }
    }

    private Session liveSession() {
        sessionLock.lock();
        try {
            if (closed) {
                throw new ChannelException(503, "server_error", "the channel is closed");
            }
            Session session = current;
            if (session != null && session.isAlive()) {
                return session;
            }
            current = startSession();
            return current;
        } finally {
            sessionLock.unlock();
        }
    }

    private Session startSession() {
        Connection connection;
        try {
            connection = transport.connect();
        } catch (IOException | RuntimeException e) {
            LOGGER.log(Level.ERROR, "could not start an airlock session", e);
            throw new ChannelException(503, "server_error", "the airlock is down and could not be"
                    + " started: " + e.getMessage(), e);
        }
        sessionCount++;
        var session = new Session(sessionCount, connection, options, requestIds, this::sessionEnded);
        session.start();
        LOGGER.log(Level.INFO, "session {0,number,#} started over {1}", sessionCount,
                connection.description());
        return session;
    }

    private void sessionEnded(Session session) {
        // Only drop the reference; the next open() starts the replacement, so a crash loop costs
        // one attempt per request rather than a spinning restart thread.
        if (current == session) {
            sessionLock.lock();
            try {
                if (current == session) {
                    current = null;
                }
            } finally {
                sessionLock.unlock();
            }
        }
    }
}
