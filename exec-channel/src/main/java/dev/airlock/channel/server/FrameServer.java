package dev.airlock.channel.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import dev.airlock.channel.RequestHandler;
import dev.airlock.channel.frame.FrameFormatException;
import dev.airlock.channel.frame.FramePayloads;
import dev.airlock.channel.frame.FrameReader;
import dev.airlock.channel.frame.FrameWriter;
import dev.airlock.dto.frame.Frame;
import dev.airlock.dto.frame.FrameError;
import dev.airlock.dto.frame.FrameKind;
import dev.airlock.dto.frame.RequestHead;

/**
 * Serves the host's requests over one pair of frame streams, inside the airlock. Each REQUEST
 * runs its {@link RequestHandler} on a virtual thread of its own; CANCEL (or the end of the
 * session) turns that request's {@link dev.airlock.channel.ResponseSink#isCancelled()} true;
 * PING is answered with PONG. A handler that throws gets an ERROR frame with status 500 and a
 * generic message, its stack trace goes to the log, and the server goes on.
 *
 * <p>The output stream must carry frames and nothing else: a child process passes the stream from
 * {@link ChildFrames#open()}, never {@code System.out}. The server closes neither stream.
 */
public final class FrameServer {
    private static final System.Logger LOGGER = System.getLogger(FrameServer.class.getName());
    /** How long {@link #serve()} waits for running handlers after the session ends. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(5);

    private final InputStream in;
    private final RequestHandler handler;
    private final int maxFrameBytes;
    private final Duration drainTimeout;
    private final FrameWriter writer;
    private final ConcurrentHashMap<Long, ServerSink> sinks = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Thread> handlers = new ConcurrentHashMap<>();
    private volatile boolean stopped;
    private long lastRequestId;

    /** Creates a server with the default frame limit and drain timeout. */
    public FrameServer(InputStream in, OutputStream out, RequestHandler handler) {
        this(in, out, handler, FrameReader.DEFAULT_MAX_FRAME_BYTES, DEFAULT_DRAIN_TIMEOUT);
    }

    /**
     * Creates a server.
     *
     * @param maxFrameBytes the largest frame payload read or written; larger bodies are split
     * @param drainTimeout how long {@link #serve()} waits for handlers once the session ended
     */
    public FrameServer(InputStream in, OutputStream out, RequestHandler handler, int maxFrameBytes,
            Duration drainTimeout) {
        this.in = Objects.requireNonNull(in, "in");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.maxFrameBytes = maxFrameBytes;
        this.drainTimeout = Objects.requireNonNull(drainTimeout, "drainTimeout");
        this.writer = new FrameWriter(Objects.requireNonNull(out, "out"), maxFrameBytes);
    }

    /**
     * Serves until the host says GOODBYE or its stream ends, then cancels what still runs and
     * waits up to the drain timeout for those handlers. Blocks; call it once.
     *
     * @throws FrameFormatException when the host sent bytes that are not frames
     * @throws IOException when reading or writing the streams fails
     */
    public void serve() throws IOException {
        var frames = new FrameReader(in, maxFrameBytes);
        LOGGER.log(Level.INFO, "frame server started");
        try {
            Frame frame;
            while (!stopped && (frame = frames.readFrame()) != null) {
                if (!dispatch(frame)) {
                    break;
                }
            }
        } finally {
            stop();
        }
        LOGGER.log(Level.INFO, "frame server stopped");
    }

    /** Returns whether frames can no longer be written (session over or output broken). */
    boolean isStopped() {
        return stopped;
    }

    FrameWriter writer() {
        return writer;
    }

    int maxFrameBytes() {
        return maxFrameBytes;
    }

    /** Marks the session over after a write failed: every handler sees itself cancelled. */
    void outputFailed(IOException e) {
        if (!stopped) {
            LOGGER.log(Level.ERROR, "writing frames to the host failed; stopping", e);
        }
        stopped = true;
    }

    private boolean dispatch(Frame frame) throws IOException {
        switch (frame.kind()) {
            case REQUEST -> startRequest(frame);
            case CANCEL, ERROR -> cancel(frame.requestId());
            case PING -> writer.write(new Frame(FrameKind.PONG, 0, frame.payload()));
            case PONG -> LOGGER.log(Level.TRACE, "ignored a PONG: this side sends no PING");
            case GOODBYE -> {
                LOGGER.log(Level.INFO, "host said GOODBYE");
                return false;
            }
            case RESPONSE_HEAD, BODY, END -> LOGGER.log(Level.WARNING, "ignored {0} for request"
                    + " {1,number,#}: only the airlock sends it", frame.kind(), frame.requestId());
        }
        return true;
    }

    private void startRequest(Frame frame) throws IOException {
        long id = frame.requestId();
        if (id <= lastRequestId) {
            LOGGER.log(Level.WARNING, "ignored request {0,number,#}: ids must increase, last was"
                    + " {1,number,#}", id, lastRequestId);
            return;
        }
        lastRequestId = id;
        RequestHead head;
        try {
            head = FramePayloads.requestHead(frame);
        } catch (FrameFormatException e) {
            LOGGER.log(Level.WARNING, "request {0,number,#} rejected: {1}", id, e.getMessage());
            writer.write(FramePayloads.error(id, new FrameError(400, "invalid_request_error",
                    "invalid REQUEST frame: " + e.getMessage())));
            return;
        }
        var sink = new ServerSink(id, this);
        sinks.put(id, sink);
        LOGGER.log(Level.DEBUG, "request {0,number,#}: {1} {2}, body of {3,number,#} chars", id,
                head.method(), pathOnly(head.path()), head.body().length());
        Thread thread = Thread.ofVirtual()
                .name("airlock-request-" + id)
                .unstarted(() -> run(head, sink));
        handlers.put(id, thread);
        thread.start();
    }

    private void run(RequestHead head, ServerSink sink) {
        try {
            handler.handle(head, sink);
            if (!sink.isFinished() && !sink.isCancelled()) {
                LOGGER.log(Level.ERROR, "request {0,number,#}: handler returned without end() or"
                        + " error()", sink.id());
                sink.failQuietly(new FrameError(500, "server_error",
                        "the airlock did not complete the response"));
            }
        } catch (Throwable e) {
            // Whatever a handler throws fails its request only, never the server.
            LOGGER.log(Level.ERROR, "request " + sink.id() + ": handler failed", e);
            sink.failQuietly(new FrameError(500, "server_error",
                    "internal error in the airlock while handling request " + sink.id()));
        } finally {
            sinks.remove(sink.id());
            handlers.remove(sink.id());
        }
    }

    private void cancel(long id) {
        ServerSink sink = sinks.get(id);
        if (sink != null) {
            LOGGER.log(Level.DEBUG, "request {0,number,#} cancelled by the host", id);
            sink.cancel();
        }
    }

    private void stop() {
        stopped = true;
        sinks.values().forEach(ServerSink::cancel);
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        for (Thread thread : handlers.values()) {
            try {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0 || !thread.join(Duration.ofNanos(remaining))) {
                    LOGGER.log(Level.WARNING, "{0} still running after the session ended",
                            thread.getName());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String pathOnly(String path) {
        // The query may carry user data; logs get the path only.
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }
}
