package dev.airlock.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.airlock.bridge.config.BridgeConfig;
import dev.airlock.bridge.http.BridgeServer;
import dev.airlock.channel.host.MultiplexedChannel;
import dev.airlock.channel.process.ProcessOptions;
import dev.airlock.channel.process.ProcessTransport;
import dev.airlock.inference.checkpoint.ModelPreset;
import dev.airlock.inference.checkpoint.RandomCheckpoint;
import dev.airlock.inference.checkpoint.RandomCheckpointOptions;
import dev.airlock.inference.checkpoint.SafetensorsDtype;

/**
 * A real bridge on a free loopback port in front of a real inference child process (network
 * isolated, started through the process transport) serving a generated demo checkpoint and two
 * generated LoRA adapters of it. Nothing in between is mocked.
 */
final class LiveAirlock implements AutoCloseable {
    static final String MODEL = "phi-4-mini-demo";
    static final String ADAPTER_A = "adapter-a";
    static final String ADAPTER_B = "adapter-b";
    private static final int ADAPTER_RANK = 8;
    /** The served model's max_lora_rank: below the engine's default 64 so that BL-16 can exceed it cheaply. */
    static final int MAX_LORA_RANK = 16;
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    final Path checkpoint;
    /** The model_config.json the child serves; its path is on the child's command line. */
    final Path config;
    final ProcessTransport transport;
    private final MultiplexedChannel channel;
    private final BridgeServer server;

    private LiveAirlock(Path checkpoint, Path config, ProcessTransport transport, MultiplexedChannel channel,
            BridgeServer server) {
        this.checkpoint = checkpoint;
        this.config = config;
        this.transport = transport;
        this.channel = channel;
        this.server = server;
    }

    /**
     * Generates the checkpoint and the adapters under {@code dir}, starts both sides and waits
     * until the model is loaded.
     */
    static LiveAirlock start(Path dir) throws IOException, InterruptedException {
        Path checkpoint = dir.resolve("model");
        RandomCheckpoint.write(checkpoint, ModelPreset.demo(), RandomCheckpointOptions.of(7));
        Path adapterA = dir.resolve(ADAPTER_A);
        Path adapterB = dir.resolve(ADAPTER_B);
        RandomCheckpoint.writeAdapter(adapterA, ModelPreset.demo(), ADAPTER_RANK, 11, SafetensorsDtype.F32);
        RandomCheckpoint.writeAdapter(adapterB, ModelPreset.demo(), ADAPTER_RANK, 23, SafetensorsDtype.F32);
        Path config = dir.resolve("model_config.json");
        Files.writeString(config, """
                {"models": [{"name": "%s", "path": "%s", "adapters": {"%s": "%s", "%s": "%s"},
                             "max_lora_rank": %d}]}
                """.formatted(MODEL, checkpoint, ADAPTER_A, adapterA, ADAPTER_B, adapterB, MAX_LORA_RANK));
        var transport = new ProcessTransport(inferenceCommand(config),
                ProcessOptions.DEFAULTS.withRequireIsolation(true));
        var channel = new MultiplexedChannel(transport);
        var server = BridgeServer.start(channel, BridgeConfig.defaults().withAddress("127.0.0.1", 0));
        var airlock = new LiveAirlock(checkpoint, config, transport, channel, server);
        channel.ping(READY_TIMEOUT);
        awaitHealthy(airlock.baseUrl(), READY_TIMEOUT);
        return airlock;
    }

    /** Returns the bridge's base URL without the {@code /v1} suffix. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    private static List<String> inferenceCommand(Path config) {
        String java = ProcessHandle.current().info().command().orElse("java");
        var command = new ArrayList<String>();
        command.add(java);
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-DOPT_OUT_TRACKING=true");
        command.add("-Dai.djl.offline=true");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.airlock.inference.cli.InferenceMain");
        command.add("serve");
        command.add("--config");
        command.add(config.toString());
        return command;
    }

    /** Waits until the bridge at {@code baseUrl} answers {@code /health} with 200 (its models are loaded). */
    static void awaitHealthy(String baseUrl, Duration timeout) throws InterruptedException {
        var client = HttpClient.newHttpClient();
        var request = HttpRequest.newBuilder(URI.create(baseUrl + "/health")).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        int lastStatus = -1;
        while (System.nanoTime() < deadline) {
            try {
                lastStatus = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (lastStatus == 200) {
                    return;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("the bridge at " + baseUrl + " does not answer", e);
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the airlock behind " + baseUrl + " was not healthy within " + timeout
                + "; last /health status " + lastStatus);
    }

    @Override
    public void close() {
        server.close();
        channel.close();
    }
}
