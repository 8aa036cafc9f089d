package dev.airlock.channel.relay;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the persistent in-container server (JDK HTTP server on 127.0.0.1): {@code
 * /lines?n=N&pauseMillis=P} streams N NDJSON lines, flushing each; {@code /disconnects} counts
 * the streams whose client went away; {@code /pid} is its process id. Args: the port.
 */
public final class FakeInternalServer {
    private static final AtomicInteger DISCONNECTS = new AtomicInteger();

    private FakeInternalServer() {
    }

    public static void main(String[] args) throws IOException {
        start(Integer.parseInt(args[0]));
    }

    /** Starts the server on {@code port} (0 for any) and returns it. */
    public static HttpServer start(int port) throws IOException {
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        server.createContext("/lines", FakeInternalServer::lines);
        server.createContext("/disconnects", exchange -> text(exchange, Integer.toString(DISCONNECTS.get())));
        server.createContext("/pid", exchange -> text(exchange, Long.toString(ProcessHandle.current().pid())));
        server.createContext("/short", FakeInternalServer::shortBody);
        server.createContext("/echo", exchange -> text(exchange, exchange.getRequestMethod() + " "
                + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return server;
    }

    private static void lines(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        int count = Integer.parseInt(param(query, "n", "10"));
        long pauseMillis = Long.parseLong(param(query, "pauseMillis", "0"));
        exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < count; i++) {
                out.write(("{\"i\":" + i + "}\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (pauseMillis > 0) {
                    new CountDownLatch(1).await(pauseMillis, TimeUnit.MILLISECONDS);
                }
            }
        } catch (IOException e) {
            DISCONNECTS.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Promises 100 bytes, sends 10, and drops the connection. */
    private static void shortBody(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 100);
        OutputStream out = exchange.getResponseBody();
        out.write("{\"count\":1".getBytes(StandardCharsets.UTF_8));
        out.flush();
        exchange.close();
    }

    private static void text(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Returns the value of {@code name} in a query string, or {@code fallback}. */
    static String param(String query, String name, String fallback) {
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith(name + "=")) {
                    return pair.substring(name.length() + 1);
                }
            }
        }
        return fallback;
    }
}
