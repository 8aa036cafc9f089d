package dev.airlock.compat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.github.dockerjava.api.DockerClient;

import dev.airlock.channel.Exchange;
import dev.airlock.channel.docker.DockerClients;
import dev.airlock.channel.docker.DockerExecOptions;
import dev.airlock.channel.docker.DockerExecTransport;
import dev.airlock.channel.docker.DockerTestEngine;
import dev.airlock.channel.host.MultiplexedChannel;
import dev.airlock.channel.process.ProcessOptions;
import dev.airlock.channel.process.ProcessTransport;
import dev.airlock.dto.frame.RequestHead;
import dev.airlock.inference.checkpoint.ModelPreset;
import dev.airlock.inference.checkpoint.RandomCheckpoint;
import dev.airlock.inference.checkpoint.RandomCheckpointOptions;

/**
 * Issue #4's benchmark: the round-trip latency that the bridge and the channel add, for the
 * process and the docker transports, against calling the inference server's internal API
 * directly, and against the original design of one {@code docker exec} per request. Prints
 * figures; asserts nothing. Run with {@code ./airlock latency-bench [REQUESTS [process|docker|all]]}
 * (from the repository root), which needs a docker engine for the docker rows.
 *
 * <p>Two requests, each with the same JSON body on both paths: a tokenize of one word (no
 * engine work, so the difference is all transport) and a greedy chat completion of one token on
 * the demo checkpoint (a real generation, small enough that the transport still shows).
 */
final class LatencyBench {
    private static final String MODEL = LiveAirlock.MODEL;
    private static final String CONTAINER = "airlock-latency-bench";
    private static final String BENCH_CLASSES = "/opt/bench";

    private record Probe(String name, String bridgePath, String directPath, String body) {
    }

    private static final List<Probe> PROBES = List.of(
            new Probe("tokenize", "/tokenize", "/internal/v1/tokenize",
                    "{\"model\":\"" + MODEL + "\",\"prompt\":\"Hello\"}"),
            new Probe("chat, 1 token", "/v1/chat/completions", "/internal/v1/chat",
                    "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],"
                            + "\"max_tokens\":1,\"temperature\":0}"));

    private final int requests;
    private final int warmup;
    private final List<String> lines = new ArrayList<>();

    private LatencyBench(int requests) {
        this.requests = requests;
        // The relay and the server are JVMs that reach their compiled code only after a few
        // thousand calls; 1000 requests after 200 warm-ups came out 0.7-1.9 ms slower in the
        // docker rows than 4000 after 800.
        this.warmup = Math.max(1000, requests / 4);
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        String which = args.length > 1 ? args[1] : "all";
        Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
        Path dir = Files.createTempDirectory(target, "latency-bench-");
        var bench = new LatencyBench(requests);
        try {
            if (!which.equals("docker")) {
                bench.processTransport(dir.resolve("process"));
            }
            DockerClient docker = DockerClients.create(null);
            if (which.equals("process")) {
                bench.lines.add("docker: not asked for");
            } else if (DockerClients.isReachable(docker)) {
                bench.dockerTransport(docker, dir.resolve("docker"));
            } else {
                bench.lines.add("docker: skipped, no engine answers at " + DockerClients.DEFAULT_HOST);
            }
        } finally {
            deleteTree(dir);
        }
        System.out.printf("%nRound trips, %d per row after %d warm-up (one client, one request at a time), in ms:%n",
                requests, bench.warmup);
        System.out.printf("%-14s %-58s %9s %9s %12s%n", "request", "path", "p50", "p99", "added p50");
        bench.lines.forEach(System.out::println);
        System.exit(0);
    }

    /**
     * Bridge + process transport (frames over the child's pipes) against the child's own HTTP
     * server, and the channel alone (frames, no bridge) in between.
     */
    private void processTransport(Path dir) throws Exception {
        Files.createDirectories(dir);
        var bridged = new long[PROBES.size()][];
        Path config;
        try (var airlock = LiveAirlock.start(dir)) {
            config = airlock.config;
            for (int i = 0; i < PROBES.size(); i++) {
                bridged[i] = measure(airlock.baseUrl() + PROBES.get(i).bridgePath, PROBES.get(i).body);
            }
        }
        var direct = new long[PROBES.size()][];
        var relayed = new long[PROBES.size()][];
        try (var server = DirectServer.start(config)) {
            for (int i = 0; i < PROBES.size(); i++) {
                direct[i] = measure(server.baseUrl + PROBES.get(i).directPath, PROBES.get(i).body);
            }
            // Not isolated: the relay must reach this host's loopback, as it reaches the container's.
            try (var channel = new MultiplexedChannel(new ProcessTransport(relayCommand(server.baseUrl),
                    ProcessOptions.DEFAULTS.withIsolateNetwork(false)))) {
                for (int i = 0; i < PROBES.size(); i++) {
                    relayed[i] = measure(channel, PROBES.get(i));
                }
            }
        }
        var channelOnly = new long[PROBES.size()][];
        try (var channel = new MultiplexedChannel(new ProcessTransport(DirectServer.command(config, null),
                ProcessOptions.DEFAULTS))) {
            for (int i = 0; i < PROBES.size(); i++) {
                channelOnly[i] = measure(channel, PROBES.get(i));
            }
        }
        for (int i = 0; i < PROBES.size(); i++) {
            String name = PROBES.get(i).name;
            row(name, "process: inference serve --http, called directly", direct[i], null);
            row(name, "process: channel alone (frames on the child's pipes)", channelOnly[i], direct[i]);
            row(name, "process: bridge + channel", bridged[i], direct[i]);
            row(name, "process: channel to the relay, relay to serve --http", relayed[i], direct[i]);
        }
    }

    /**
     * Bridge + docker exec + relay against a client inside the container calling the server on
     * loopback, the channel alone (a second exec session, no bridge) with the default relay (a
     * byte pump to the server's frame port) and with the HTTP relay, and one docker exec per
     * request (a JVM client, and busybox wget).
     */
    private void dockerTransport(DockerClient docker, Path dir) throws Exception {
        Files.createDirectories(dir);
        Path checkpoint = dir.resolve("model");
        RandomCheckpoint.write(checkpoint, ModelPreset.demo(), RandomCheckpointOptions.of(7));
        Path classes = Path.of("target/test-classes").toAbsolutePath();
        try (var airlock = DockerAirlock.start(docker, CONTAINER, dir, MODEL, checkpoint, Map.of(),
                Map.of(classes.toString(), BENCH_CLASSES));
                var channel = new MultiplexedChannel(new DockerExecTransport(docker,
                        DockerExecOptions.of(CONTAINER, DockerAirlock.relayCommand())));
                var httpChannel = new MultiplexedChannel(new DockerExecTransport(docker,
                        DockerExecOptions.of(CONTAINER, List.of(DockerAirlock.JAVA, "-cp", DockerAirlock.CLASSPATH,
                                "dev.airlock.channel.relay.RelayMain", "--target", DockerAirlock.SERVER))))) {
            for (Probe probe : PROBES) {
                String url = DockerAirlock.SERVER + probe.directPath;
                long[] direct = parse(DockerTestEngine.exec(docker, CONTAINER, Duration.ofMinutes(10),
                        loopbackClient(url, probe.body, requests, warmup)));
                long[] channelOnly = measure(channel, probe);
                long[] httpRelay = measure(httpChannel, probe);
                long[] bridged = measure(airlock.baseUrl() + probe.bridgePath, probe.body);
                int perExec = Math.max(10, Math.min(requests, 30));
                long[] execJvm = execPerRequest(docker, perExec,
                        loopbackClient(url, probe.body, 1, 0), out -> parse(out).length == 1);
                long[] execWget = execPerRequest(docker, perExec * 3,
                        new String[] {"wget", "-q", "-O", "-", "--header", "Content-Type: application/json",
                            "--post-data", probe.body, url},
                        out -> out.startsWith("{") && !out.contains("\"error\""));
                row(probe.name, "docker: in-container client, server on loopback", direct, null);
                row(probe.name, "docker: channel alone (docker exec + pump to frame port)", channelOnly, direct);
                row(probe.name, "docker: channel alone (docker exec + HTTP relay)", httpRelay, direct);
                row(probe.name, "docker: bridge + channel", bridged, direct);
                row(probe.name, "docker: one docker exec per request, JVM client (n=" + execJvm.length + ")",
                        execJvm, direct);
                row(probe.name, "docker: one docker exec per request, busybox wget (n=" + execWget.length + ")",
                        execWget, direct);
                lines.add(String.format("%-14s one docker exec per request (JVM) / bridge + channel, p50: %.0fx;"
                        + " (wget) / bridge + channel: %.0fx", probe.name,
                        (double) percentile(execJvm, 50) / percentile(bridged, 50),
                        (double) percentile(execWget, 50) / percentile(bridged, 50)));
            }
        }
    }

    /** The relay as a child of this JVM, in front of {@code target}: the docker path without docker. */
    private static List<String> relayCommand(String target) {
        return List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "dev.airlock.channel.relay.RelayMain", "--target", target);
    }

    private static String[] loopbackClient(String url, String body, int count, int warmup) {
        return new String[] {DockerAirlock.JAVA, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
            "-cp", BENCH_CLASSES, LoopbackClient.class.getName(), url, body, Integer.toString(count),
            Integer.toString(warmup)};
    }

    private static long[] execPerRequest(DockerClient docker, int count, String[] command,
            java.util.function.Predicate<String> answered) throws InterruptedException {
        long[] micros = new long[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            String out = DockerTestEngine.exec(docker, CONTAINER, command);
            micros[i] = (System.nanoTime() - start) / 1_000;
            if (!answered.test(out.strip())) {
                throw new IllegalStateException("exec " + String.join(" ", command) + " did not answer: " + out);
            }
        }
        return micros;
    }

    private long[] measure(String url, String body) throws IOException, InterruptedException {
        var http = HttpClient.newHttpClient();
        var request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long[] micros = new long[requests];
        for (int i = 0; i < warmup + requests; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long elapsed = (System.nanoTime() - start) / 1_000;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode() + ": "
                        + new String(response.body()));
            }
            if (i >= warmup) {
                micros[i - warmup] = elapsed;
            }
        }
        return micros;
    }

    /** Round trips of the internal request over the channel: REQUEST out, head and body back. */
    private long[] measure(MultiplexedChannel channel, Probe probe) throws InterruptedException {
        awaitLoaded(channel);
        var head = new RequestHead("POST", probe.directPath, Map.of("content-type", "application/json"), probe.body);
        Duration wait = Duration.ofSeconds(30);
        long[] micros = new long[requests];
        for (int i = 0; i < warmup + requests; i++) {
            long start = System.nanoTime();
            try (Exchange exchange = channel.open(head)) {
                int status = exchange.head(wait).status();
                int bytes = 0;
                for (byte[] chunk = exchange.nextChunk(wait); chunk != null; chunk = exchange.nextChunk(wait)) {
                    bytes += chunk.length;
                }
                if (status != 200 || bytes == 0) {
                    throw new IllegalStateException(probe.directPath + " over the channel answered " + status);
                }
            }
            long elapsed = (System.nanoTime() - start) / 1_000;
            if (i >= warmup) {
                micros[i - warmup] = elapsed;
            }
        }
        return micros;
    }

    /** Waits until the airlock behind {@code channel} has loaded its models (health 200). */
    private static void awaitLoaded(MultiplexedChannel channel) throws InterruptedException {
        var health = new RequestHead("GET", "/internal/v1/health", Map.of(), "");
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try (Exchange exchange = channel.open(health)) {
                int status = exchange.head(Duration.ofSeconds(30)).status();
                if (status == 200) {
                    return;
                }
                last = "status " + status;
            } catch (dev.airlock.channel.ChannelException e) {
                last = e.getMessage();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the airlock behind the channel did not load its models within 2 min: "
                + last);
    }

    private static long[] parse(String output) {
        return output.lines().map(String::strip).filter(line -> line.matches("[0-9]+"))
                .mapToLong(Long::parseLong).toArray();
    }

    private void row(String request, String path, long[] micros, long[] baseline) {
        String added = baseline == null ? ""
                : String.format("%+12.3f", (percentile(micros, 50) - percentile(baseline, 50)) / 1000.0);
        lines.add(String.format("%-14s %-58s %9.3f %9.3f %s", request, path, percentile(micros, 50) / 1000.0,
                percentile(micros, 99) / 1000.0, added));
    }

    private static long percentile(long[] values, int percent) {
        if (values.length == 0) {
            throw new IllegalStateException("no measurements");
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** {@code inference serve --http} on a free loopback port of this host: the process rows' baseline. */
    private static final class DirectServer implements AutoCloseable {
        final String baseUrl;
        private final Process process;

        private DirectServer(String baseUrl, Process process) {
            this.baseUrl = baseUrl;
            this.process = process;
        }

        static DirectServer start(Path config) throws IOException, InterruptedException {
            int port;
            try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            Process process = new ProcessBuilder(command(config, "127.0.0.1:" + port))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            var server = new DirectServer("http://127.0.0.1:" + port, process);
            var health = HttpRequest.newBuilder(URI.create(server.baseUrl + "/internal/v1/health")).build();
            var http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < deadline && process.isAlive()) {
                try {
                    if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return server;
                    }
                } catch (IOException e) {
                    // Not listening yet.
                }
                Thread.sleep(200);
            }
            server.close();
            throw new IllegalStateException("inference serve --http did not become healthy on port " + port);
        }

        /** {@code inference serve} on this JVM's classpath: over HTTP on {@code http}, or frames when null. */
        static List<String> command(Path config, String http) {
            var command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "--enable-native-access=ALL-UNNAMED", "-DOPT_OUT_TRACKING=true", "-Dai.djl.offline=true",
                    "-cp", System.getProperty("java.class.path"), "dev.airlock.inference.cli.InferenceMain",
                    "serve", "--config", config.toString()));
            if (http != null) {
                command.addAll(List.of("--http", http));
            }
            return command;
        }

        @Override
        public void close() {
            process.destroy();
        }
    }
}
