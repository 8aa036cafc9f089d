package dev.airlock.bridge;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import com.github.dockerjava.api.DockerClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.airlock.bridge.config.AirlockConfig;
import dev.airlock.bridge.config.BridgeOptions;
import dev.airlock.bridge.config.ConfigException;
import dev.airlock.bridge.config.TransportConfig;
import dev.airlock.bridge.container.AirlockContainer;
import dev.airlock.bridge.container.CheckReport;
import dev.airlock.bridge.http.BridgeServer;
import dev.airlock.channel.ChannelException;
import dev.airlock.channel.docker.DockerClients;
import dev.airlock.channel.docker.DockerExecOptions;
import dev.airlock.channel.docker.DockerExecTransport;
import dev.airlock.channel.host.MultiplexedChannel;
import dev.airlock.channel.host.Transport;
import dev.airlock.channel.process.ProcessOptions;
import dev.airlock.channel.process.ProcessTransport;

/**
 * Entry point of {@code ./airlock bridge}: starts the inference side behind the channel, then
 * serves the OpenAI API on the host until stopped.
 */
@Command(name = "bridge", mixinStandardHelpOptions = true,
        description = "Serve the OpenAI API on the host; the model runs behind the airlock channel.")
public final class BridgeMain implements Callable<Integer> {
    private static final System.Logger LOGGER = System.getLogger(BridgeMain.class.getName());
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    @Option(names = "--config", description = "model_config.json (bridge, transport and models)")
    Path config;

    @Option(names = "--host", description = "address to bind (default 127.0.0.1)")
    String host;

    @Option(names = "--port", description = "port to bind (default 8080)")
    Integer port;

    @Option(names = "--allow-remote", description = "allow a non-loopback --host (API keys required)")
    boolean allowRemote;

    @Option(names = "--inference-command",
            description = "command line that starts the inference side (split on spaces); overrides"
                    + " transport.command")
    String inferenceCommand;

    @Parameters(paramLabel = "COMMAND", arity = "0..*",
            description = "after --: the command line that starts the inference side, one argument per word"
                    + " (paths with spaces stay whole); overrides --inference-command and transport.command")
    List<String> commandWords = List.of();

    @Option(names = "--require-isolation",
            description = "refuse to start when the inference side cannot be network-isolated")
    boolean requireIsolation;

    @Option(names = "--skip-container-check",
            description = "serve even when the docker container fails the airlock check (logged)")
    boolean skipContainerCheck;

    /** Runs the bridge and exits with its status. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BridgeMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        AirlockConfig resolved;
        try {
            resolved = new BridgeOptions(config, host, port, allowRemote).resolve();
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("airlock bridge: " + e.getMessage());
            return 2;
        }
        Transport transport;
        boolean isolated;
        if (TransportConfig.DOCKER.equals(resolved.transport().kind())) {
            transport = dockerTransport(resolved.transport());
            if (transport == null) {
                return 3;
            }
            isolated = true;
        } else {
            List<String> command = command(resolved.transport());
            if (command.isEmpty()) {
                System.err.println("airlock bridge: no inference command: set transport.command in the config"
                        + " or pass --inference-command");
                return 2;
            }
            var options = ProcessOptions.DEFAULTS
                    .withRequireIsolation(requireIsolation || resolved.transport().requireIsolation());
            var process = new ProcessTransport(command, options);
            transport = process;
            isolated = false;
        }
        try (var channel = new MultiplexedChannel(transport);
                var server = BridgeServer.start(channel, resolved.bridge())) {
            var stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "airlock-bridge-stop"));
            System.out.println("Airlock bridge listening on http://" + resolved.bridge().host() + ":"
                    + server.port() + "/v1");
            startAirlock(channel, transport, isolated);
            stopped.await();
        }
        return 0;
    }

    private List<String> command(TransportConfig transport) {
        List<String> given = givenCommand();
        return given.isEmpty() ? transport.command() : given;
    }

    /** The inference command from the command line: the words after {@code --}, else the split option. */
    private List<String> givenCommand() {
        if (commandWords != null && !commandWords.isEmpty()) {
            return List.copyOf(commandWords);
        }
        if (inferenceCommand != null && !inferenceCommand.isBlank()) {
            return Arrays.asList(inferenceCommand.trim().split("\\s+"));
        }
        return List.of();
    }

    /** Checks the container first; returns null when it fails and no override was given. */
    private Transport dockerTransport(TransportConfig config) {
        DockerClient docker = DockerClients.create(config.dockerHost());
        CheckReport report = new AirlockContainer(docker).check(config.container());
        if (report.passed()) {
            LOGGER.log(System.Logger.Level.INFO, report.describe());
        } else if (skipContainerCheck) {
            LOGGER.log(System.Logger.Level.WARNING, "--skip-container-check given: serving anyway although "
                    + report.describe());
        } else {
            LOGGER.log(System.Logger.Level.ERROR, report.describe());
            System.err.println("airlock bridge: refusing to serve: " + report.describe()
                    + "\n(recreate it with ./airlock container create, or pass --skip-container-check)");
            return null;
        }
        List<String> given = givenCommand();
        List<String> command = given.isEmpty() ? config.relayCommand() : given;
        return new DockerExecTransport(docker, DockerExecOptions.of(config.container(), command));
    }

    private static void startAirlock(MultiplexedChannel channel, Transport transport, boolean checkedContainer) {
        Instant start = Instant.now();
        try {
            channel.ping(START_TIMEOUT);
            LOGGER.log(System.Logger.Level.INFO, "airlock session up in {0,number,#} ms (network isolated: {1})",
                    Duration.between(start, Instant.now()).toMillis(), checkedContainer
                            || transport instanceof ProcessTransport process && process.isIsolated());
        } catch (ChannelException e) {
            LOGGER.log(System.Logger.Level.ERROR, "the airlock did not start: " + e.getMessage()
                    + "; requests get 503 until it does");
        }
    }
}
