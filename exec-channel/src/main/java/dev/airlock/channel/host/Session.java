package dev.airlock.channel.host;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import dev.airlock.channel.ChannelException;
import dev.airlock.channel.frame.FrameFormatException;
import dev.airlock.channel.frame.FramePayloads;
import dev.airlock.channel.frame.FrameReader;
import dev.airlock.channel.frame.FrameWriter;
import dev.airlock.dto.frame.Frame;
import dev.airlock.dto.frame.FrameError;
import dev.airlock.dto.frame.FrameKind;
import dev.airlock.dto.frame.RequestHead;
import dev.airlock.dto.frame.ResponseHead;

/**
 * One connection's worth of a {@link MultiplexedChannel}: the exchanges in flight on it, its
 * reader thread and its control writer. It never recovers: any frame that cannot be attributed to
 * a request ends it, and the channel starts another.
 */
final class Session {
    private static final System.Logger LOGGER = System.getLogger(MultiplexedChannel.class.getName());
    // The peer is hostile: frames the reader thread must send (CANCEL, PONG) go through a bounded
    // queue so the reader never blocks on a pipe the peer stops draining.
    private static final int CONTROL_QUEUE_FRAMES = 1024;
    private static final int MAX_ERROR_MESSAGE_CHARS = 2000;

    private final long number;
    private final Connection connection;
    private final ChannelOptions options;
    private final AtomicLong ids;
    private final long idFloor;
    private volatile long lastIssued;
    private final FrameWriter writer;
    private final ReentrantLock requestLock = new ReentrantLock();
    private final ConcurrentHashMap<Long, HostExchange> exchanges = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, CompletableFuture<Long>> pings = new ConcurrentHashMap<>();
    private final BlockingQueue<Frame> control = new ArrayBlockingQueue<>(CONTROL_QUEUE_FRAMES);
    private final AtomicBoolean alive = new AtomicBoolean(true);
    private volatile boolean closing;
    private final Consumer<Session> onEnd;
    private Thread reader;
    private Thread controlWriter;

    Session(long number, Connection connection, ChannelOptions options, AtomicLong ids,
            Consumer<Session> onEnd) {
        this.number = number;
        this.connection = connection;
        this.options = options;
        this.ids = ids;
        this.idFloor = ids.get();
        this.lastIssued = idFloor;
        this.writer = new FrameWriter(connection.output(), options.maxFrameBytes());
        this.onEnd = onEnd;
    }

    void start() {
        reader = Thread.ofPlatform()
                .daemon()
                .name("airlock-channel-reader-" + number)
                .start(this::readLoop);
        controlWriter = Thread.ofVirtual()
                .name("airlock-channel-control-" + number)
                .start(this::controlLoop);
    }

    long number() {
        return number;
    }

    String description() {
        return connection.description();
    }

    boolean isAlive() {
        return alive.get();
    }

    int inFlight() {
        return exchanges.size();
    }

    /** Issues the next request id and writes the REQUEST; ids reach the pipe in order. */
    HostExchange send(RequestHead request) throws IOException {
        requestLock.lock();
        try {
            long id = ids.incrementAndGet();
            Frame frame = FramePayloads.request(id, request);
            var exchange = new HostExchange(id, this, options.maxBufferedBytes());
            lastIssued = id;
            exchanges.put(id, exchange);
            // end() clears the map after marking the session dead; checking again here means an
            // exchange is either failed by end() or never handed out.
            if (!alive.get()) {
                exchanges.remove(id);
                throw new IOException("session " + number + " ended");
            }
            try {
                writer.write(frame);
            } catch (IOException | RuntimeException e) {
                exchanges.remove(id);
                throw e;
            }
            LOGGER.log(Level.TRACE, "session {0,number,#}: sent request {1,number,#}",
                    number, id);
            return exchange;
        } finally {
            requestLock.unlock();
        }
    }

    /** Sends a PING and waits for its PONG; returns the round trip. */
    Duration ping(long nonce, Duration timeout) {
        var pong = new CompletableFuture<Long>();
        pings.put(nonce, pong);
        try {
            if (!alive.get()) {
                throw down("session " + number + " ended before the PING was sent");
            }
            long startNanos = System.nanoTime();
            sendControl(new Frame(FrameKind.PING, 0,
                    ByteBuffer.allocate(Long.BYTES).putLong(nonce).array()));
            return Duration.ofNanos(pong.get(timeout.toNanos(), TimeUnit.NANOSECONDS) - startNanos);
        } catch (TimeoutException e) {
            throw new ChannelException(504, "server_error", "airlock did not answer a PING within "
                    + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            var failure = (ChannelException) e.getCause();
            throw new ChannelException(failure.status(), failure.type(), failure.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw down("interrupted while waiting for a PONG");
        } finally {
            pings.remove(nonce);
        }
    }

    /** Forgets a closed exchange, cancelling it on the airlock when it had not finished. */
    void release(HostExchange exchange, boolean cancel) {
        exchanges.remove(exchange.id(), exchange);
        if (cancel && alive.get()) {
            LOGGER.log(Level.DEBUG, "session {0,number,#}: request {1,number,#} cancelled by the"
                    + " host", number, exchange.id());
            sendControl(Frame.of(FrameKind.CANCEL, exchange.id()));
        }
    }

    /** Ends the session in-band: fails what is in flight, says GOODBYE, waits, then forces it. */
    void shutdown(Duration closeTimeout) {
        closing = true;
        failAll(down("channel closed while the request was in flight"));
        if (alive.get()) {
            sendControl(Frame.of(FrameKind.GOODBYE, 0));
            try {
                reader.join(closeTimeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        end(503, "channel closed", null, Level.INFO);
    }

    /** Tears the session down once: fails every exchange and ping, releases the connection. */
    void end(int status, String message, Throwable cause, Level level) {
        if (!alive.compareAndSet(true, false)) {
            return;
        }
        var failure = new ChannelException(status, "server_error", message, cause);
        int failed = failAll(failure);
        pings.values().forEach(pong -> pong.completeExceptionally(failure));
        pings.clear();
        LOGGER.log(level, "session {0,number,#} over {1} ended ({2,number,#} requests failed): {3}",
                number, connection.description(), failed, message);
        if (controlWriter != null) {
            controlWriter.interrupt();
        }
        try {
            connection.close();
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "closing " + connection.description() + " failed", e);
        }
        onEnd.accept(this);
    }

    private int failAll(ChannelException failure) {
        int failed = 0;
        for (HostExchange exchange : exchanges.values()) {
            exchanges.remove(exchange.id(), exchange);
            exchange.fail(failure);
            failed++;
        }
        return failed;
    }

    private void sendControl(Frame frame) {
        if (!control.offer(frame)) {
            end(503, "airlock stopped reading its input: " + CONTROL_QUEUE_FRAMES
                    + " control frames queued", null, Level.ERROR);
        }
    }

    private void controlLoop() {
        try {
            while (alive.get()) {
                writer.write(control.take());
            }
        } catch (InterruptedException e) {
            // end() interrupts this thread; nothing left to send.
        } catch (IOException e) {
            end(503, "lost the channel to the airlock while writing: " + e.getMessage(), e,
                    Level.WARNING);
        }
    }

    private void readLoop() {
        var frames = new FrameReader(connection.input(), options.maxFrameBytes());
        try {
            while (alive.get()) {
                Frame frame = frames.readFrame();
                if (frame == null && closing) {
                    end(503, "channel closed", null, Level.INFO);
                    return;
                }
                if (frame == null) {
                    end(503, "airlock closed the channel (end of stream from "
                            + connection.description() + ")", null, Level.WARNING);
                    return;
                }
                dispatch(frame);
            }
        } catch (FrameFormatException e) {
            end(502, "airlock sent an invalid frame, session reset: " + e.getMessage(), e,
                    Level.ERROR);
        } catch (IOException e) {
            end(503, "lost the channel to the airlock: " + e.getMessage(), e, Level.WARNING);
        } catch (InterruptedException e) {
            end(503, "channel reader interrupted", e, Level.WARNING);
        } catch (RuntimeException e) {
            LOGGER.log(Level.ERROR, "session " + number + ": channel reader failed", e);
            end(502, "channel reader failed: " + e, e, Level.ERROR);
        }
    }

    private void dispatch(Frame frame) throws FrameFormatException, InterruptedException {
        switch (frame.kind()) {
            case PING -> sendControl(new Frame(FrameKind.PONG, 0, frame.payload()));
            case PONG -> acceptPong(frame.payload());
            case GOODBYE -> end(503, "airlock ended the session (GOODBYE)", null, Level.WARNING);
            case REQUEST, CANCEL, RESPONSE_HEAD, BODY, END, ERROR -> dispatchToExchange(frame);
        }
    }

    private void acceptPong(byte[] payload) {
        CompletableFuture<Long> pong = payload.length == Long.BYTES
                ? pings.get(ByteBuffer.wrap(payload).getLong())
                : null;
        if (pong == null) {
            LOGGER.log(Level.DEBUG, "session {0,number,#}: dropped a PONG that answers no PING",
                    number);
            return;
        }
        pong.complete(System.nanoTime());
    }

    private void dispatchToExchange(Frame frame) throws FrameFormatException, InterruptedException {
        long id = frame.requestId();
        if (id <= idFloor || id > lastIssued) {
            throw new FrameFormatException(frame.kind() + " frame for request " + id + ", which"
                    + " this session never issued (issued so far: " + (idFloor + 1) + ".."
                    + lastIssued + ")");
        }
        HostExchange exchange = exchanges.get(id);
        if (exchange == null) {
            // Frames still in the pipe when the host cancelled or the request ended: harmless.
            LOGGER.log(Level.TRACE, "session {0,number,#}: dropped {1} for finished request"
                    + " {2,number,#}", number, frame.kind(), id);
            return;
        }
        switch (frame.kind()) {
            case REQUEST, CANCEL -> violate(exchange, "sent " + frame.kind()
                    + ", a frame only the host may send");
            case RESPONSE_HEAD -> acceptHead(exchange, frame);
            case BODY -> acceptBody(exchange, frame);
            case END -> acceptEnd(exchange);
            case ERROR -> acceptError(exchange, frame);
            case PING, PONG, GOODBYE -> throw new IllegalStateException("session frame "
                    + frame.kind() + " dispatched to request " + id);
        }
    }

    private void acceptHead(HostExchange exchange, Frame frame) {
        if (exchange.headSeen) {
            violate(exchange, "sent a second RESPONSE_HEAD");
            return;
        }
        ResponseHead head;
        try {
            head = FramePayloads.responseHead(frame);
        } catch (FrameFormatException e) {
            violate(exchange, e.getMessage());
            return;
        }
        exchange.headSeen = true;
        exchange.status = head.status();
        exchange.acceptHead(head);
    }

    private void acceptBody(HostExchange exchange, Frame frame) throws InterruptedException {
        if (!exchange.headSeen) {
            violate(exchange, "sent BODY before RESPONSE_HEAD");
            return;
        }
        exchange.bodyBytes += frame.payload().length;
        if (!exchange.acceptBody(frame.payload(), options.backpressureTimeout())) {
            String message = "request " + exchange.id() + ": the client read too slowly, "
                    + exchange.bufferedBytes() + " body bytes were not taken within"
                    + " channel.backpressure-timeout=" + options.backpressureTimeout().toMillis()
                    + " ms (channel.max-buffered-bytes=" + options.maxBufferedBytes()
                    + "); request cancelled";
            LOGGER.log(Level.WARNING, "session {0,number,#}: {1}", number, message);
            exchanges.remove(exchange.id(), exchange);
            exchange.failAndDrop(new ChannelException(504, "server_error", message));
            sendControl(Frame.of(FrameKind.CANCEL, exchange.id()));
        }
    }

    private void acceptEnd(HostExchange exchange) {
        if (!exchange.headSeen) {
            violate(exchange, "sent END before RESPONSE_HEAD");
            return;
        }
        // Forget it before the consumer can see the end, so that inFlight() is exact once it does.
        exchanges.remove(exchange.id(), exchange);
        exchange.acceptEnd();
        LOGGER.log(Level.DEBUG, "request {0,number,#} ended: status {1,number,#},"
                + " {2,number,#} body bytes in {3,number,#} ms", exchange.id(), exchange.status,
                exchange.bodyBytes, (System.nanoTime() - exchange.startNanos) / 1_000_000);
    }

    private void acceptError(HostExchange exchange, Frame frame) {
        FrameError error;
        try {
            error = FramePayloads.frameError(frame);
        } catch (FrameFormatException e) {
            violate(exchange, e.getMessage());
            return;
        }
        String message = error.message().length() > MAX_ERROR_MESSAGE_CHARS
                ? error.message().substring(0, MAX_ERROR_MESSAGE_CHARS) + "..."
                : error.message();
        exchanges.remove(exchange.id(), exchange);
        exchange.fail(new ChannelException(error.status(), error.type(), message));
        LOGGER.log(Level.DEBUG, "request {0,number,#} failed in the airlock: status {1,number,#}"
                + " type {2}, message of {3,number,#} chars", exchange.id(), error.status(),
                error.type(), error.message().length());
    }

    /** Fails one exchange whose frames break the protocol; the session goes on. */
    private void violate(HostExchange exchange, String what) {
        String message = "airlock broke the frame protocol on request " + exchange.id() + ": "
                + what + "; request cancelled";
        LOGGER.log(Level.WARNING, "session {0,number,#}: {1}", number, message);
        exchanges.remove(exchange.id(), exchange);
        exchange.failAndDrop(new ChannelException(502, "server_error", message));
        sendControl(Frame.of(FrameKind.CANCEL, exchange.id()));
    }

    private static ChannelException down(String message) {
        return new ChannelException(503, "server_error", message);
    }
}
