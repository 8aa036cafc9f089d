package dev.airlock.inference.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

import dev.airlock.channel.ResponseSink;
import dev.airlock.dto.Json;
import dev.airlock.dto.frame.FrameError;
import dev.airlock.dto.frame.ResponseHead;
import dev.airlock.dto.generation.GenerationEvent;
import dev.airlock.dto.generation.InternalApi;

/**
 * A {@link ResponseSink} over one Helidon response: the head sets status and headers, each body
 * piece is written and flushed at once (one HTTP chunk), end closes the stream. A write that
 * fails means the client went away: the sink then reports itself cancelled, so the handler
 * stops the generation at its next check, and drops what follows.
 */
final class HttpResponseSink implements ResponseSink {
    private static final System.Logger LOGGER = System.getLogger(HttpResponseSink.class.getName());

    private final ServerResponse response;
    private OutputStream out;
    private boolean completed;
    private volatile boolean cancelled;

    HttpResponseSink(ServerResponse response) {
        this.response = response;
    }

    @Override
    public void head(ResponseHead head) {
        if (out != null) {
            throw new IllegalStateException("head() was already sent for this response");
        }
        applyHead(head);
        out = response.outputStream();
    }

    @Override
    public void body(byte[] bytes) {
        if (out == null) {
            throw new IllegalStateException("body() before head()");
        }
        requireOpen("body");
        if (cancelled) {
            return;
        }
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException | RuntimeException e) {
            // Helidon reports a closed connection as ServerConnectionException (unchecked).
            disconnected(e);
        }
    }

    /** One response with a Content-Length, not a chunked stream: the relay then reads it whole. */
    @Override
    public void complete(ResponseHead head, byte[] body) {
        if (out != null) {
            throw new IllegalStateException("head() was already sent for this response");
        }
        applyHead(head);
        out = OutputStream.nullOutputStream();
        completed = true;
        try {
            response.send(body);
        } catch (RuntimeException e) {
            // Helidon reports a closed connection as ServerConnectionException (unchecked).
            disconnected(e);
        }
    }

    @Override
    public void end() {
        if (out == null) {
            throw new IllegalStateException("end() before head()");
        }
        requireOpen("end");
        try {
            out.close();
        } catch (IOException | RuntimeException e) {
            disconnected(e);
        }
    }

    /** Before the head: a status and one NDJSON error line; after it: the error line, then the end. */
    @Override
    public void error(FrameError error) {
        requireOpen("error");
        byte[] line = (Json.write(GenerationEvent.error(error.status(), error.type(),
                error.message(), null)) + "\n").getBytes(StandardCharsets.UTF_8);
        if (out == null) {
            response.status(Status.create(error.status()));
            response.header(HeaderNames.CONTENT_TYPE, InternalApi.NDJSON);
            try {
                response.send(line);
            } catch (RuntimeException e) {
                disconnected(e);
            }
            return;
        }
        body(line);
        end();
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    private void applyHead(ResponseHead head) {
        response.status(Status.create(head.status()));
        head.headers().forEach((name, value) -> response.header(HeaderNames.create(name), value));
    }

    private void requireOpen(String call) {
        if (completed) {
            throw new IllegalStateException(call + "() after complete(): the answer was sent whole");
        }
    }

    private void disconnected(Exception e) {
        if (!cancelled) {
            LOGGER.log(Level.DEBUG, "the HTTP client went away: {0}", e.getMessage());
        }
        cancelled = true;
    }
}
