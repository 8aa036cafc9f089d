package dev.airlock.channel.process;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link ProcessTransport} starts its child.
 *
 * @param isolateNetwork run the child in a network namespace of its own, with loopback only
 *     ({@code process.isolate-network}); when that is impossible the child runs anyway, with a
 *     loud warning, unless {@code requireIsolation}
 * @param requireIsolation refuse to start the child without network isolation
 *     ({@code process.require-isolation})
 * @param stopTimeout how long to wait for the child to exit after its stdin closed before
 *     killing it ({@code process.stop-timeout})
 * @param maxStderrLineChars longer stderr lines are cut to this many bytes in the log
 * @param maxStderrLinesPerSecond stderr lines logged per second; the rest are counted and dropped
 * @param environment variables added to the child's environment (never secrets: the child's
 *     command line and environment may show up in process listings)
 */
public record ProcessOptions(
        boolean isolateNetwork,
        boolean requireIsolation,
        Duration stopTimeout,
        int maxStderrLineChars,
        int maxStderrLinesPerSecond,
        Map<String, String> environment) {
    /** Isolated if possible, not required; 5 s to stop; stderr lines of 2000 bytes, 200 a second. */
    public static final ProcessOptions DEFAULTS =
            new ProcessOptions(true, false, Duration.ofSeconds(5), 2000, 200, Map.of());

    public ProcessOptions {
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
        if (requireIsolation && !isolateNetwork) {
            throw new IllegalArgumentException("requireIsolation needs isolateNetwork");
        }
        environment = environment == null ? Map.of() : Map.copyOf(environment);
    }

    /** Returns these options with network isolation on or off. */
    public ProcessOptions withIsolateNetwork(boolean value) {
        return new ProcessOptions(value, requireIsolation && value, stopTimeout, maxStderrLineChars,
                maxStderrLinesPerSecond, environment);
    }

    /** Returns these options requiring isolation or not; requiring it also turns it on. */
    public ProcessOptions withRequireIsolation(boolean value) {
        return new ProcessOptions(isolateNetwork || value, value, stopTimeout, maxStderrLineChars,
                maxStderrLinesPerSecond, environment);
    }

    /** Returns these options with another stop timeout. */
    public ProcessOptions withStopTimeout(Duration value) {
        return new ProcessOptions(isolateNetwork, requireIsolation, value, maxStderrLineChars,
                maxStderrLinesPerSecond, environment);
    }

    /** Returns these options with another environment for the child. */
    public ProcessOptions withEnvironment(Map<String, String> value) {
        return new ProcessOptions(isolateNetwork, requireIsolation, stopTimeout, maxStderrLineChars,
                maxStderrLinesPerSecond, value);
    }
}
