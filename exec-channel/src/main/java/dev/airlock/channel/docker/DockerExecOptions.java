package dev.airlock.channel.docker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link DockerExecTransport} starts its exec session.
 *
 * @param container the name or id of a running container ({@code transport.container})
 * @param command what runs inside, e.g. the relay; started under the fd-swapping shell
 * @param user the user to exec as, or null for the container's own (never root by our create)
 * @param environment variables added to the exec's environment (never secrets)
 * @param stopTimeout how long {@link java.io.Closeable#close()} waits for the exec to end
 * @param maxStderrLineChars longer stderr lines are cut to this many bytes in the log
 * @param maxStderrLinesPerSecond stderr lines logged per second; the rest are counted and dropped
 */
public record DockerExecOptions(
        String container,
        List<String> command,
        String user,
        Map<String, String> environment,
        Duration stopTimeout,
        int maxStderrLineChars,
        int maxStderrLinesPerSecond) {
    public DockerExecOptions {
        if (container == null || container.isBlank()) {
            throw new IllegalArgumentException("container must name a running container");
        }
        Objects.requireNonNull(command, "command");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command must name a program, got an empty list");
        }
        command = List.copyOf(command);
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        if (stopTimeout.isNegative()) {
            throw new IllegalArgumentException("stopTimeout must be >= 0, got " + stopTimeout);
        }
        if (maxStderrLineChars < 16) {
            throw new IllegalArgumentException("maxStderrLineChars must be >= 16, got "
                    + maxStderrLineChars);
        }
        if (maxStderrLinesPerSecond < 1) {
            throw new IllegalArgumentException("maxStderrLinesPerSecond must be >= 1, got "
                    + maxStderrLinesPerSecond);
        }
    }

    /** Returns options for {@code command} in {@code container}: 5 s to stop, 2000-byte, 200/s stderr. */
    public static DockerExecOptions of(String container, List<String> command) {
        return new DockerExecOptions(container, command, null, Map.of(), Duration.ofSeconds(5),
                2000, 200);
    }

    /** Returns these options with another environment for the exec. */
    public DockerExecOptions withEnvironment(Map<String, String> value) {
        return new DockerExecOptions(container, command, user, value, stopTimeout,
                maxStderrLineChars, maxStderrLinesPerSecond);
    }

    /** Returns these options with another stop timeout. */
    public DockerExecOptions withStopTimeout(Duration value) {
        return new DockerExecOptions(container, command, user, environment, value,
                maxStderrLineChars, maxStderrLinesPerSecond);
    }
}
