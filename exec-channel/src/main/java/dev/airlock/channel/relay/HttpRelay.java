package dev.airlock.channel.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;

import dev.airlock.channel.RequestHandler;
import dev.airlock.channel.ResponseSink;
import dev.airlock.dto.frame.FrameError;
import dev.airlock.dto.frame.RequestHead;
import dev.airlock.dto.frame.ResponseHead;

/**
 * Forwards each request that arrives over the channel as an HTTP call to the in-container
 * server on loopback, and streams the answer back: the status and content type as the head,
 * each piece the server flushes as one body frame, then end. An answer of known length up to
 * 1 MiB is read whole and sent as head, body and end in one write. A CANCEL from the host closes the
 * HTTP call, which the server sees as a client disconnect. When the server cannot be reached
 * the request gets an ERROR frame with 503; when it breaks off an answer, 502.
 *
 * <p>Thread-safe: one instance serves every request of a session, each on its own thread.
 */
public final class HttpRelay implements RequestHandler {
    private static final System.Logger LOGGER = System.getLogger(HttpRelay.class.getName());
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final long CANCEL_POLL_MILLIS = 20;
    /** Answers up to this long, with a Content-Length, are read whole and sent as one write. */
    private static final long WHOLE_BODY_BYTES = 1 << 20;
    // Headers passed through; the rest (hop-by-hop, lengths, anything else) stay on their side.
    private static final Set<String> REQUEST_HEADERS = Set.of("content-type", "accept", "x-request-id");
    private static final Set<String> RESPONSE_HEADERS = Set.of("content-type", "x-request-id");

    private final URI target;
    private final WebClient client;

    /**
     * Creates a relay to {@code target}, e.g. {@code http://127.0.0.1:8081}.
     *
     * @param readTimeout how long one read of the answer may wait; a generation that pauses
     *     longer between tokens fails with 502
     * @throws IllegalArgumentException when the target is not plain HTTP on a loopback literal
     */
    public HttpRelay(URI target, Duration connectTimeout, Duration readTimeout) {
        this.target = requireLoopback(Objects.requireNonNull(target, "target"));
        this.client = WebClient.builder()
                .baseUri(target)
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .followRedirects(false)
                .build();
    }

    /** Returns the server this relay forwards to. */
    public URI target() {
        return target;
    }

    @Override
    public void handle(RequestHead request, ResponseSink sink) {
        HttpClientResponse response;
        try {
            response = send(request);
        } catch (UncheckedIOException | IllegalStateException e) {
            LOGGER.log(Level.WARNING, "the in-container server at {0} did not answer {1} {2}: {3}",
                    target, request.method(), pathOnly(request.path()), e.getMessage());
            sink.error(new FrameError(503, "server_error", "the inference server inside the"
                    + " airlock is not reachable; it may be starting or have stopped"));
            return;
        }
        var done = new CountDownLatch(1);
        Thread.ofVirtual().name("airlock-relay-cancel").start(() -> closeOnCancel(sink, response, done));
        try (response) {
            var head = new ResponseHead(response.status().code(), responseHeaders(response));
            OptionalLong length = response.headers().contentLength();
            if (length.isPresent() && length.getAsLong() <= WHOLE_BODY_BYTES) {
                whole(response, head, sink);
            } else {
                sink.head(head);
                stream(response, sink);
            }
        } finally {
            done.countDown();
        }
    }

    private HttpClientResponse send(RequestHead request) {
        var call = client.method(Method.create(request.method().toUpperCase(Locale.ROOT)))
                .uri(target.resolve(request.path()));
        request.headers().forEach((name, value) -> {
            if (REQUEST_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                call.header(HeaderNames.create(name), value);
            }
        });
        if (request.body().isEmpty()) {
            return call.request();
        }
        return call.submit(request.body().getBytes(StandardCharsets.UTF_8));
    }

    /** A small answer of known length goes out as one write: head, body and end together. */
    private void whole(HttpClientResponse response, ResponseHead head, ResponseSink sink) {
        byte[] body;
        try (InputStream in = response.inputStream()) {
            body = in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            brokeOff(sink, e);
            return;
        }
        if (!sink.isCancelled()) {
            sink.complete(head, body);
        }
    }

    private void stream(HttpClientResponse response, ResponseSink sink) {
        byte[] buffer = new byte[READ_BUFFER_BYTES];
        try (InputStream body = response.inputStream()) {
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                if (sink.isCancelled()) {
                    return;
                }
                if (n > 0) {
                    sink.body(Arrays.copyOf(buffer, n));
                }
            }
            sink.end();
        } catch (IOException | RuntimeException e) {
            // Helidon reports a connection cut mid-body as DataReader.InsufficientDataAvailableException.
            brokeOff(sink, e);
        }
    }

    /** A 502 for an answer the server cut short, unless the host cancelled it (then the cut is ours). */
    private static void brokeOff(ResponseSink sink, Exception e) {
        if (sink.isCancelled()) {
            return;
        }
        LOGGER.log(Level.WARNING, "the in-container server broke off its answer: {0}", e.getMessage());
        sink.error(new FrameError(502, "server_error", "the inference server inside the"
                + " airlock broke off its answer"));
    }

    private static void closeOnCancel(ResponseSink sink, HttpClientResponse response,
            CountDownLatch done) {
        try {
            while (!done.await(CANCEL_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (sink.isCancelled()) {
                    LOGGER.log(Level.DEBUG, "request cancelled by the host; closing its HTTP call");
                    response.close();
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOGGER.log(Level.DEBUG, "closing a cancelled HTTP call failed: {0}", e.getMessage());
        }
    }

    private static Map<String, String> responseHeaders(HttpClientResponse response) {
        var headers = new HashMap<String, String>();
        for (Header header : response.headers()) {
            String name = header.name().toLowerCase(Locale.ROOT);
            if (RESPONSE_HEADERS.contains(name)) {
                headers.put(name, header.get());
            }
        }
        return headers;
    }

    private static URI requireLoopback(URI target) {
        String host = target.getHost();
        boolean loopback = host != null && (host.startsWith("127.") || host.equals("[::1]")
                || host.equals("::1") || host.equals("localhost"));
        if (!"http".equals(target.getScheme()) || !loopback) {
            throw new IllegalArgumentException("the relay target must be http on a loopback"
                    + " address (e.g. http://127.0.0.1:8081), got " + target);
        }
        return target;
    }

    private static String pathOnly(String path) {
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }
}
