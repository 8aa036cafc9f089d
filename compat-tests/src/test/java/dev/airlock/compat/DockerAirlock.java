package dev.airlock.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;

import dev.airlock.bridge.config.BridgeConfig;
import dev.airlock.bridge.config.TransportConfig;
import dev.airlock.bridge.container.AirlockContainer;
import dev.airlock.bridge.container.CheckReport;
import dev.airlock.bridge.container.ContainerSpec;
import dev.airlock.bridge.http.BridgeServer;
import dev.airlock.channel.docker.DockerExecOptions;
import dev.airlock.channel.docker.DockerExecTransport;
import dev.airlock.channel.docker.DockerTestEngine;
import dev.airlock.channel.host.MultiplexedChannel;

/**
 * The deployment of the repository's Dockerfile, rebuilt offline: a container made by
 * {@link AirlockContainer#create} (no network, read-only root, non-root, limits) whose main
 * process is the persistent inference server on loopback, with the packaged jars
 * ({@code airlock-inference/target}), the JDK, the extracted libtorch natives and the models
 * mounted read-only where the image would carry them; and a bridge on the host that reaches it
 * only through one {@code docker exec} of the relay.
 */
final class DockerAirlock implements AutoCloseable {
    /** The offline test image with the libraries that libtorch and the JDK link against. */
    static final String IMAGE = "airlock-test-engine:1";
    /** The in-container server's address, as the Dockerfile's entry point binds it. */
    static final String SERVER = "http://127.0.0.1:8081";
    static final String JAVA = "/opt/jdk/bin/java";
    /** The image's classpath: our jar beside the runtime dependencies. */
    static final String CLASSPATH = "/opt/airlock/app/*:/opt/airlock/lib/*";
    private static final String MODELS = "/models";
    private static final String CONFIG = "/etc/airlock/model_config.json";
    private static final String NATIVES = "/opt/airlock/natives";
    private static final String JVM_ARGS = "/opt/airlock/jvm.args";
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    final String container;
    final CheckReport check;
    private final DockerClient docker;
    private final MultiplexedChannel channel;
    private final BridgeServer server;

    private DockerAirlock(DockerClient docker, String container, CheckReport check, MultiplexedChannel channel,
            BridgeServer server) {
        this.docker = docker;
        this.container = container;
        this.check = check;
        this.channel = channel;
        this.server = server;
    }

    /**
     * Creates the container {@code name} serving {@code models} (served name to checkpoint folder
     * on the host) and {@code adapters} (served name to adapter folder, all of the first model),
     * starts the bridge in front of it and waits until the models are loaded.
     *
     * @param extraMounts more read-only mounts, host folder to container folder (the bench's client)
     */
    static DockerAirlock start(DockerClient docker, String name, Path dir, String model, Path checkpoint,
            Map<String, Path> adapters, Map<String, String> extraMounts) throws IOException, InterruptedException {
        Path natives = natives();
        DockerTestEngine.ensureImage(IMAGE, ROOT.resolve("exec-channel/src/test/docker/test-image.sh"), natives);
        var mounts = new LinkedHashMap<String, String>();
        mounts.put(DockerTestEngine.javaHome().toString(), "/opt/jdk");
        mounts.put(packaged("airlock-inference.jar").toString(), "/opt/airlock/app/airlock-inference.jar");
        mounts.put(packaged("lib").toString(), "/opt/airlock/lib");
        mounts.put(natives.toString(), NATIVES);
        mounts.put(ROOT.resolve("docker/jvm.args").toString(), JVM_ARGS);
        mounts.put(checkpoint.toString(), MODELS + "/" + model);
        var inside = new LinkedHashMap<String, String>();
        adapters.forEach((adapter, folder) -> {
            mounts.put(folder.toString(), MODELS + "/" + adapter);
            inside.put(adapter, MODELS + "/" + adapter);
        });
        Path config = dir.resolve("model_config.json");
        Files.writeString(config, modelConfig(model, inside));
        mounts.put(config.toString(), CONFIG);
        mounts.putAll(extraMounts);
        makeReadable(dir);

        DockerTestEngine.removeQuietly(docker, name);
        var airlock = new AirlockContainer(docker);
        airlock.create(new ContainerSpec(name, IMAGE, "1000:1000", 2L << 30, 512, 128L << 20, mounts, false,
                serverCommand()));
        CheckReport check = airlock.check(name);
        var channel = new MultiplexedChannel(new DockerExecTransport(docker, DockerExecOptions.of(name,
                relayCommand())));
        var server = BridgeServer.start(channel, BridgeConfig.defaults().withAddress("127.0.0.1", 0));
        var started = new DockerAirlock(docker, name, check, channel, server);
        try {
            LiveAirlock.awaitHealthy(started.baseUrl(), READY_TIMEOUT);
        } catch (RuntimeException | InterruptedException e) {
            String logs = started.serverLog();
            started.close();
            throw new IllegalStateException(e.getMessage() + "\nthe in-container server's log ends with:\n" + logs, e);
        }
        return started;
    }

    /** The persistent server, as the Dockerfile's entry point starts it. */
    static List<String> serverCommand() {
        return List.of(JAVA, "@" + JVM_ARGS, "-cp", CLASSPATH, "dev.airlock.inference.cli.InferenceMain",
                "serve", "--config", CONFIG, "--http", "127.0.0.1:8081", "--frames", "127.0.0.1:8082");
    }

    /**
     * The relay that the bridge starts with {@code docker exec}: the bridge's default relay
     * command, with the JDK where this image has it (not on {@code PATH}).
     */
    static List<String> relayCommand() {
        var command = new ArrayList<>(TransportConfig.DEFAULT_RELAY_COMMAND);
        command.set(0, JAVA);
        return command;
    }

    /** Returns the bridge's base URL without the {@code /v1} suffix. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Returns the host PID of the container's main process (the server), which a restarted exec leaves alone. */
    long serverPid() {
        return docker.inspectContainerCmd(container).exec().getState().getPidLong();
    }

    /** Kills the relay (the exec session's process) inside the container. */
    void killRelay() throws InterruptedException {
        DockerTestEngine.killMatching(docker, container, "dev.airlock.channel.relay.RelayMain");
    }

    /** Returns the last lines of the in-container server's output (the container's log). */
    String serverLog() {
        var log = new StringBuilder();
        try {
            docker.logContainerCmd(container).withStdOut(true).withStdErr(true).withTail(40)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            log.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                        }
                    })
                    .awaitCompletion(10, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            log.append("(no log: ").append(e.getMessage()).append(')');
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return log.toString();
    }

    private static String modelConfig(String model, Map<String, String> adapters) {
        var entries = new ArrayList<String>();
        adapters.forEach((name, path) -> entries.add("\"%s\": \"%s\"".formatted(name, path)));
        return """
                {"models": [{"name": "%s", "path": "%s/%s", "adapters": {%s}}]}
                """.formatted(model, MODELS, model, String.join(", ", entries));
    }

    /** The packaged layout that {@code ./airlock} and the Dockerfile use. */
    private static Path packaged(String name) {
        Path path = ROOT.resolve("airlock-inference/target").resolve(name);
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " is missing: package airlock-inference first (mvn verify does)");
        }
        return path;
    }

    /**
     * The natives taken out of the packaged jars by the Dockerfile's own script, once per build
     * (the container can neither unpack nor execute anything it writes).
     */
    private static Path natives() throws IOException, InterruptedException {
        Path out = ROOT.resolve("compat-tests/target/airlock-natives");
        if (Files.isRegularFile(out.resolve("libtorch_cpu.so"))) {
            return out;
        }
        var builder = new ProcessBuilder("/bin/sh", ROOT.resolve("docker/extract-natives.sh").toString(),
                packaged("lib").toString(), out.toString()).inheritIO();
        builder.environment().put("JAVA_HOME", DockerTestEngine.javaHome().toString());
        Process process = builder.start();
        if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("docker/extract-natives.sh failed for " + out);
        }
        return out;
    }

    /** The container's user (uid 1000) must read what the host (maybe root, umask 077) wrote. */
    private static void makeReadable(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path file : files.toList()) {
                file.toFile().setReadable(true, false);
                if (Files.isDirectory(file)) {
                    file.toFile().setExecutable(true, false);
                }
            }
        }
    }

    @Override
    public void close() {
        server.close();
        channel.close();
        DockerTestEngine.removeQuietly(docker, container);
    }
}
