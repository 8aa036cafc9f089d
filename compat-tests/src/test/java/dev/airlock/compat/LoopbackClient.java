package dev.airlock.compat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Posts one JSON body to a URL, {@code warmup + count} times, and prints the microseconds of each
 * of the last {@code count} round trips, one per line. Runs inside the airlock container (JDK
 * classes only), as the "direct" baseline of {@link LatencyBench} and, with a count of 1, as the
 * one-interpreter-per-request design that the multiplexed exec session replaced.
 *
 * <p>Usage: {@code LoopbackClient URL BODY COUNT WARMUP}
 */
public final class LoopbackClient {
    private LoopbackClient() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 4) {
            System.err.println("usage: LoopbackClient URL BODY COUNT WARMUP");
            System.exit(2);
        }
        var request = HttpRequest.newBuilder(URI.create(args[0]))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(args[1]))
                .build();
        int count = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        var http = HttpClient.newHttpClient();
        var out = new StringBuilder();
        for (int i = 0; i < warmup + count; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long micros = (System.nanoTime() - start) / 1_000;
            if (response.statusCode() != 200) {
                System.err.println("status " + response.statusCode() + ": " + new String(response.body()));
                System.exit(1);
            }
            if (i >= warmup) {
                out.append(micros).append('\n');
            }
        }
        System.out.print(out);
    }
}
