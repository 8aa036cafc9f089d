package dev.airlock.channel.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import dev.airlock.channel.ResponseSink;
import dev.airlock.channel.frame.FramePayloads;
import dev.airlock.dto.frame.Frame;
import dev.airlock.dto.frame.FrameError;
import dev.airlock.dto.frame.FrameKind;
import dev.airlock.dto.frame.ResponseHead;

/**
 * The {@link ResponseSink} of one request on a {@link FrameServer}. Enforces head, bodies, then
 * one end or error; once cancelled, further writes are dropped (the host has forgotten the id).
 */
final class ServerSink implements ResponseSink {
    private static final System.Logger LOGGER = System.getLogger(FrameServer.class.getName());

    private enum State { NEW, STREAMING, FINISHED }

    private final long id;
    private final FrameServer server;
    private final ReentrantLock lock = new ReentrantLock();
    private State state = State.NEW;
    private volatile boolean cancelled;

    ServerSink(long id, FrameServer server) {
        this.id = id;
        this.server = server;
    }

    long id() {
        return id;
    }

    @Override
    public void head(ResponseHead head) {
        lock.lock();
        try {
            require(State.NEW, "head");
            state = State.STREAMING;
            write(FramePayloads.responseHead(id, head));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void body(byte[] bytes) {
        lock.lock();
        try {
            require(State.STREAMING, "body");
            var frames = new ArrayList<Frame>();
            addBody(frames, bytes);
            for (Frame frame : frames) {
                write(frame);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Head, body pieces and end, flushed once. */
    @Override
    public void complete(ResponseHead head, byte[] body) {
        finish(State.NEW, "complete", FramePayloads.responseHead(id, head), body);
    }

    /** The last body pieces and end, flushed once. */
    @Override
    public void last(byte[] bytes) {
        finish(State.STREAMING, "last", null, bytes);
    }

    /**
     * Writes {@code head} (when not null), {@code body} and END with one flush. Finished only once
     * written: a frame the format refuses leaves room for the 500.
     */
    private void finish(State expected, String call, Frame head, byte[] body) {
        lock.lock();
        try {
            require(expected, call);
            var frames = new ArrayList<Frame>();
            if (head != null) {
                frames.add(head);
            }
            addBody(frames, body);
            frames.add(Frame.of(FrameKind.END, id));
            write(frames.toArray(Frame[]::new));
            state = State.FINISHED;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void end() {
        lock.lock();
        try {
            require(State.STREAMING, "end");
            state = State.FINISHED;
            write(Frame.of(FrameKind.END, id));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void error(FrameError error) {
        lock.lock();
        try {
            if (state == State.FINISHED) {
                throw new IllegalStateException("request " + id + ": error() after the response"
                        + " was complete");
            }
            state = State.FINISHED;
            write(FramePayloads.error(id, error));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled || server.isStopped();
    }

    void cancel() {
        cancelled = true;
    }

    boolean isFinished() {
        lock.lock();
        try {
            return state == State.FINISHED;
        } finally {
            lock.unlock();
        }
    }

    /** Sends an error if the response is not complete yet; never throws. */
    void failQuietly(FrameError error) {
        lock.lock();
        try {
            if (state != State.FINISHED) {
                state = State.FINISHED;
                write(FramePayloads.error(id, error));
            }
        } catch (UncheckedIOException e) {
            LOGGER.log(Level.DEBUG, "request {0,number,#}: could not send the error frame", id);
        } finally {
            lock.unlock();
        }
    }

    private void require(State expected, String call) {
        if (state != expected) {
            throw new IllegalStateException("request " + id + ": " + call + "() not allowed now:"
                    + " expected the response to be " + expected + ", found " + state);
        }
    }

    /** Adds {@code bytes} as BODY frames, split at the frame limit; an empty body adds none. */
    private void addBody(List<Frame> frames, byte[] bytes) {
        int max = server.maxFrameBytes();
        for (int from = 0; from < bytes.length; from += max) {
            byte[] piece = from == 0 && bytes.length <= max
                    ? bytes.clone()
                    : Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + max));
            frames.add(new Frame(FrameKind.BODY, id, piece));
        }
    }

    private void write(Frame... frames) {
        if (isCancelled()) {
            return;
        }
        try {
            server.writer().write(frames);
        } catch (IOException e) {
            server.outputFailed(e);
            throw new UncheckedIOException("writing " + frames[frames.length - 1].kind() + " for request "
                    + id + " to the host failed", e);
        }
    }
}
