package dev.airlock.inference.server.http;

import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Objects;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import dev.airlock.channel.LoopbackAddress;
import dev.airlock.channel.RequestHandler;
import dev.airlock.dto.frame.RequestHead;

/**
 * Serves a channel {@link RequestHandler} (the internal API) over HTTP on a loopback address:
 * each HTTP request becomes the {@link RequestHead} the handler would get from a REQUEST frame,
 * and its answer streams back chunk by chunk. It refuses any address that is not loopback: the
 * relay next to it is its only client.
 */
public final class InternalHttpServer implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(InternalHttpServer.class.getName());
    // Requests over one channel frame could not have come through the relay.
    private static final long MAX_PAYLOAD_BYTES = 8L * 1024 * 1024;
    private static final HeaderName REQUEST_ID = HeaderNames.create("x-request-id");

    private final WebServer server;

    private InternalHttpServer(WebServer server) {
        this.server = server;
    }

    /**
     * Starts serving {@code handler} on {@code host:port} (port 0 picks a free one).
     *
     * @throws IllegalArgumentException when {@code host} is not a loopback address
     */
    public static InternalHttpServer start(RequestHandler handler, String host, int port) {
        Objects.requireNonNull(handler, "handler");
        LoopbackAddress.require(host);
        var routing = HttpRouting.builder()
                .any((request, response) -> serve(handler, request, response));
        WebServer server = WebServer.builder()
                .host(host)
                .port(port)
                .maxPayloadSize(MAX_PAYLOAD_BYTES)
                // Each token is its own small chunk: with Nagle's algorithm on, the chunk after an
                // unacknowledged one waits for the client's delayed ACK (40 ms on Linux).
                .connectionOptions(options -> options.tcpNoDelay(true))
                .routing(routing)
                .build()
                .start();
        LOGGER.log(Level.INFO, "internal API listening on http://{0}:{1,number,#}", host,
                server.port());
        return new InternalHttpServer(server);
    }

    /** Returns the port it listens on. */
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }

    private static void serve(RequestHandler handler, ServerRequest request, ServerResponse response) {
        String path = request.path().rawPath();
        String query = request.query().rawValue();
        if (!query.isEmpty()) {
            path += "?" + query;
        }
        var headers = new HashMap<String, String>();
        request.headers().first(HeaderNames.CONTENT_TYPE).ifPresent(v -> headers.put("content-type", v));
        request.headers().first(REQUEST_ID).ifPresent(v -> headers.put("x-request-id", v));
        String body = request.content().hasEntity() ? request.content().as(String.class) : "";
        var head = new RequestHead(request.prologue().method().text(), path, headers, body);
        handler.handle(head, new HttpResponseSink(response));
    }
}
