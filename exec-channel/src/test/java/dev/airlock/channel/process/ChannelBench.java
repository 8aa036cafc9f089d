package dev.airlock.channel.process;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;

import dev.airlock.channel.Exchange;
import dev.airlock.channel.ResponseSink;
import dev.airlock.channel.docker.DockerClients;
import dev.airlock.channel.docker.DockerExecOptions;
import dev.airlock.channel.docker.DockerExecTransport;
import dev.airlock.channel.docker.DockerTestEngine;
import dev.airlock.channel.host.MultiplexedChannel;
import dev.airlock.channel.host.Transport;
import dev.airlock.channel.memory.InMemoryTransport;
import dev.airlock.dto.frame.RequestHead;
import dev.airlock.dto.frame.ResponseHead;

/**
 * Round-trip latency of one small request (REQUEST, RESPONSE_HEAD, one BODY, END) over a
 * {@link MultiplexedChannel}: in memory, through a child JVM, and (when a docker engine answers)
 * through one {@code docker exec} session of the same child in the offline test image. A
 * benchmark, not a test; see {@code exec-channel/README.md} for how to run it. Arguments:
 * measured requests (default 20000).
 */
public final class ChannelBench {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CONTAINER = "airlock-channel-bench";
    private static final RequestHead REQUEST =
            new RequestHead("POST", "/echo", Map.of("content-type", "text/plain"), "ping");

    private ChannelBench() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        run("in-memory pipe", new InMemoryTransport(ChannelBench::echo), requests);
        run("child process", new ProcessTransport(ChildCommand.java(EchoChild.class)), requests);
        DockerClient docker = DockerClients.create(null);
        if (!DockerClients.isReachable(docker)) {
            System.out.println("docker exec: skipped, no engine answers at " + DockerClients.DEFAULT_HOST);
            return;
        }
        try {
            DockerTestEngine.ensureImage(Path.of("src/test/docker/test-image.sh"));
            DockerTestEngine.startIdleContainer(docker, CONTAINER, List.of());
            run("docker exec", new DockerExecTransport(docker,
                    DockerExecOptions.of(CONTAINER, DockerTestEngine.java(EchoChild.class))), requests);
        } finally {
            DockerTestEngine.removeQuietly(docker, CONTAINER);
        }
    }

    private static void run(String name, Transport transport, int requests) {
        try (var channel = new MultiplexedChannel(transport)) {
            roundTrips(channel, requests / 2);
            long[] nanos = roundTrips(channel, requests);
            Arrays.sort(nanos);
            System.out.printf("%-15s %,7d requests  p50 %,8.1f us  p99 %,8.1f us  max %,9.1f us%n",
                    name, requests, percentile(nanos, 50), percentile(nanos, 99),
                    nanos[nanos.length - 1] / 1e3);
        }
    }

    private static long[] roundTrips(MultiplexedChannel channel, int count) {
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            try (Exchange exchange = channel.open(REQUEST)) {
                exchange.head(WAIT);
                while (exchange.nextChunk(WAIT) != null) {
                    // the one body piece, then END
                }
            }
            nanos[i] = System.nanoTime() - start;
        }
        return nanos;
    }

    private static double percentile(long[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e3;
    }

    private static void echo(RequestHead request, ResponseSink sink) {
        sink.head(new ResponseHead(200, Map.of()));
        sink.body(request.body().getBytes(StandardCharsets.UTF_8));
        sink.end();
    }
}
