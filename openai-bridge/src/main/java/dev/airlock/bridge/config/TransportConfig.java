package dev.airlock.bridge.config;

import java.util.List;

/**
 * The {@code transport} part: how the host starts and reaches the airlock.
 *
 * @param kind {@code process} (a child process on this host) or {@code docker}
 * @param command the command that starts the inference side, empty for the launcher's default
 * @param image the container image for {@code docker}, or null
 * @param requireIsolation when true, refuse to start unless the airlock has no network
 */
public record TransportConfig(String kind, List<String> command, String image, boolean requireIsolation) {
    public static final String PROCESS = "process";
    public static final String DOCKER = "docker";

    public TransportConfig {
        if (!PROCESS.equals(kind) && !DOCKER.equals(kind)) {
            throw new IllegalArgumentException("kind must be process or docker, got " + kind);
        }
        command = command == null ? List.of() : List.copyOf(command);
    }

    /** Returns the default: a child process, launcher's default command. */
    public static TransportConfig defaults() {
        return new TransportConfig(PROCESS, List.of(), null, false);
    }
}
