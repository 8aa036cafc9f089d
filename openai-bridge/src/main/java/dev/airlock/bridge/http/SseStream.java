package dev.airlock.bridge.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;

/**
 * A server-sent-event body written straight to the response, one {@code data: ...} event per
 * call, each flushed at once. Helidon's {@code SseSink} refuses a request whose {@code Accept}
 * does not name {@code text/event-stream}, but the official npm and Python OpenAI clients stream
 * with {@code Accept: application/json}; OpenAI streams to them all the same, and so do we.
 */
final class SseStream implements AutoCloseable {
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_OF_EVENT = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;

    private SseStream(OutputStream out) {
        this.out = out;
    }

    /** Sends the status line and SSE headers, and returns the stream to write events to. */
    static SseStream open(ServerResponse response) {
        response.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        response.header(HeaderNames.CACHE_CONTROL, "no-cache");
        return new SseStream(response.outputStream());
    }

    /**
     * Writes one event whose data is {@code data} (one line: JSON as our writer produces it).
     *
     * @throws UncheckedIOException when the client has gone away
     */
    void emit(String data) {
        try {
            out.write(DATA);
            out.write(data.getBytes(StandardCharsets.UTF_8));
            out.write(END_OF_EVENT);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write an event; the client is gone", e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException | RuntimeException e) {
            // The client went away after the last event; nothing is left to tell it.
        }
    }
}
