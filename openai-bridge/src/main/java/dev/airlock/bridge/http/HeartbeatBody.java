package dev.airlock.bridge.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;

/**
 * The body of a non-streamed JSON answer that notices a client going away (BL-20). Helidon
 * tells a handler nothing about a closed connection until it writes, so once generation has
 * run {@link #FIRST_BEAT} a virtual thread sends the 200 head and then one space (JSON allows
 * leading whitespace) every {@link #INTERVAL}; a failed write means the client is gone, and
 * {@code onGone} runs, which cancels the generation. Answers shorter than the first beat keep
 * their status; after it a late failure is the error object in the 200 body. The trade-off: a
 * client whose own timeout covers only the response head and is longer than the first beat no
 * longer times out (the head has arrived); a client that gives up earlier, or closes later, is noticed.
 */
final class HeartbeatBody implements AutoCloseable {
    /** Clients that time out within this get their generation cancelled at once. */
    static final Duration FIRST_BEAT = Duration.ofSeconds(2);
    static final Duration INTERVAL = Duration.ofMillis(250);

    private final ServerResponse response;
    private final Runnable onGone;
    private final ReentrantLock lock = new ReentrantLock();
    private final Thread beater;
    private OutputStream out;
    private boolean done;
    private volatile boolean gone;

    private HeartbeatBody(ServerResponse response, Runnable onGone) {
        this.response = response;
        this.onGone = onGone;
        this.beater = Thread.ofVirtual().name("heartbeat").unstarted(this::beat);
    }

    /** Starts beating; {@code onGone} runs once, on the beating thread, when the client has gone. */
    static HeartbeatBody start(ServerResponse response, Runnable onGone) {
        var body = new HeartbeatBody(response, onGone);
        body.beater.start();
        return body;
    }

    /** Returns whether a beat found the client gone. */
    boolean clientGone() {
        return gone;
    }

    /** Returns whether the status line has been sent (the answer is a 200 from now on). */
    boolean started() {
        lock.lock();
        try {
            return out != null;
        } finally {
            lock.unlock();
        }
    }

    private void beat() {
        try {
            Thread.sleep(FIRST_BEAT.minus(INTERVAL));
            while (true) {
                Thread.sleep(INTERVAL);
                lock.lock();
                try {
                    if (done) {
                        return;
                    }
                    if (out == null) {
                        response.header(HeaderNames.CONTENT_TYPE, "application/json");
                        out = response.outputStream();
                    }
                    out.write(' ');
                    out.flush();
                } finally {
                    lock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            gone = true;
            onGone.run();
        }
    }

    /**
     * Sends {@code json} as the rest of the body (or as the whole answer when no beat was sent),
     * with {@code status} when nothing was sent yet.
     */
    void send(int status, String json) {
        lock.lock();
        try {
            done = true;
            if (out == null) {
                response.status(io.helidon.http.Status.create(status));
                response.header(HeaderNames.CONTENT_TYPE, "application/json");
                response.send(json);
                return;
            }
            out.write(json.getBytes(StandardCharsets.UTF_8));
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the answer; the client is gone", e);
        } finally {
            lock.unlock();
        }
    }

    /** Stops beating; safe to call twice. */
    @Override
    public void close() {
        lock.lock();
        try {
            done = true;
        } finally {
            lock.unlock();
        }
        beater.interrupt();
    }
}
