package dev.airlock.bridge.config;

import java.util.List;

/**
 * The {@code transport} part: how the host starts and reaches the airlock.
 *
 * @param kind {@code process} (a child process on this host) or {@code docker}
 * @param command the command that starts the inference side (for {@code docker}: the relay
 *     inside the container), empty for the default
 * @param image the container image, used by {@code container create}, or null
 * @param requireIsolation when true, refuse to start unless the airlock has no network
 * @param container for {@code docker}: the name of the running container to exec into
 * @param dockerHost for {@code docker}: the engine's socket, or null for {@code DOCKER_HOST} or
 *     {@code unix:///var/run/docker.sock}
 */
public record TransportConfig(String kind, List<String> command, String image, boolean requireIsolation,
        String container, String dockerHost) {
    public static final String PROCESS = "process";
    public static final String DOCKER = "docker";
    /**
     * The relay inside the image of the repository's Dockerfile: a byte pump to the server's frame
     * socket. ({@code --target http://127.0.0.1:8081} instead relays over the server's HTTP port,
     * 0.3-0.4 ms slower a request in the latency bench.)
     */
    public static final List<String> DEFAULT_RELAY_COMMAND = List.of("java", "-cp", "/opt/airlock/lib/*",
            "dev.airlock.channel.relay.RelayMain", "--frames", "127.0.0.1:8082");

    public TransportConfig {
        if (!PROCESS.equals(kind) && !DOCKER.equals(kind)) {
            throw new IllegalArgumentException("kind must be process or docker, got " + kind);
        }
        command = command == null ? List.of() : List.copyOf(command);
        if (DOCKER.equals(kind) && (container == null || container.isBlank())) {
            throw new IllegalArgumentException("container is required when kind is docker");
        }
    }

    /** A transport without docker settings. */
    public TransportConfig(String kind, List<String> command, String image, boolean requireIsolation) {
        this(kind, command, image, requireIsolation, null, null);
    }

    /** Returns the default: a child process, launcher's default command. */
    public static TransportConfig defaults() {
        return new TransportConfig(PROCESS, List.of(), null, false);
    }

    /** Returns the command to exec in the container: the configured one or the image's relay. */
    public List<String> relayCommand() {
        return command.isEmpty() ? DEFAULT_RELAY_COMMAND : command;
    }
}
