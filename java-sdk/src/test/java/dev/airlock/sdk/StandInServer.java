package dev.airlock.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the bridge on 127.0.0.1 and a free port: answers each path with a recorded
 * response and keeps every request it received.
 */
final class StandInServer implements AutoCloseable {
    private static final long TAKE_TIMEOUT_SECONDS = 5;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    private StandInServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not bind the stand-in server to 127.0.0.1", e);
        }
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a stand-in with no routes; any path answers 404 until routed. */
    static StandInServer start() {
        return new StandInServer();
    }

    /** A request as the stand-in received it. */
    record Received(String method, String path, Headers headers, String body) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    /** Writes the answer of one exchange; the request body has already been read. */
    @FunctionalInterface
    interface Responder {
        void respond(HttpExchange exchange) throws IOException;
    }

    /** Answers requests to {@code path} (and paths below it) with {@code responder}. */
    StandInServer route(String path, Responder responder) {
        server.createContext(path, exchange -> {
            try (exchange) {
                String body = readBody(exchange.getRequestBody());
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        exchange.getRequestHeaders(), body));
                responder.respond(exchange);
            }
        });
        return this;
    }

    /** Returns the stand-in's root URL. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Returns a client of the stand-in with default settings. */
    AirlockClient client() {
        return AirlockClient.builder().baseUrl(baseUrl()).build();
    }

    /** Returns the next request received, waiting up to five seconds. */
    Received takeRequest() throws InterruptedException {
        Received request = received.poll(TAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("the stand-in received no request within " + TAKE_TIMEOUT_SECONDS + " s");
        }
        return request;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Answers with {@code status} and a JSON body. */
    static Responder json(int status, String body) {
        return json(status, body, Map.of());
    }

    /** Answers with {@code status}, a JSON body and extra headers. */
    static Responder json(int status, String body, Map<String, String> headers) {
        return exchange -> {
            headers.forEach(exchange.getResponseHeaders()::add);
            send(exchange, status, "application/json", body);
        };
    }

    /** Answers with {@code status} and a plain-text body. */
    static Responder text(int status, String body) {
        return exchange -> send(exchange, status, "text/plain; charset=utf-8", body);
    }

    /** Answers 200 with a server-sent event stream of {@code events}, sent as written. */
    static Responder sse(String events) {
        return exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(events.getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    /** Reads a recorded fixture next to this class. */
    static String fixture(String name) {
        try (InputStream in = StandInServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test fixture " + name + " in dev/airlock/sdk");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read test fixture " + name, e);
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String readBody(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
