package dev.airlock.channel.process;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import dev.airlock.channel.host.Connection;
import dev.airlock.channel.host.Transport;
import dev.airlock.channel.server.ChildFrames;

/**
 * Starts the airlock as a local child process, one per session, for
 * {@link dev.airlock.channel.host.MultiplexedChannel}: when the child dies its session fails
 * with 503 and the next request starts a new child.
 *
 * <p>The child's contract: it reads frames from stdin and writes frames to file descriptor 3
 * ({@code /dev/fd/3}), never to stdout. The launcher runs the command under
 * {@code /bin/sh -c 'exec 3>&1 1>&2; exec "$@"'}, so fd 3 is the pipe the host reads and fd 1 is
 * the child's stderr: native libraries that print to stdout end up in the log instead of
 * corrupting frames. {@value ChildFrames#FRAME_FD_ENV}=3 is set in the child's environment;
 * {@link ChildFrames#open()} returns that stream. stderr is drained on a thread of its own and
 * logged line by line, cut and rate-limited per {@link ProcessOptions}.
 *
 * <p>Network isolation (Linux): with {@link ProcessOptions#isolateNetwork()} the child runs in a
 * network namespace of its own with only loopback ({@code unshare --net} as root,
 * {@code unshare --user --map-root-user --net} otherwise; {@code lo} is brought up with
 * {@code ip} when present, and a loopback left down is still isolated). Whether that works is
 * probed once per transport; when it does not, the child runs with the host's network and a
 * WARNING says so, unless {@link ProcessOptions#requireIsolation()}, which makes
 * {@link #connect()} fail instead. Requires a POSIX {@code /bin/sh}.
 */
public final class ProcessTransport implements Transport {
    private static final System.Logger LOGGER = System.getLogger(ProcessTransport.class.getName());
    private static final String LAUNCH_NAME = "airlock-child";
    // Bring loopback up when ip(8) exists, then swap fds: the real stdout pipe becomes fd 3.
    private static final String ISOLATED_SCRIPT = "if command -v ip >/dev/null 2>&1; then"
            + " ip link set lo up 2>/dev/null || echo 'airlock: could not bring lo up; loopback"
            + " stays down' >&2; fi; exec 3>&1 1>&2; exec \"$@\"";
    private static final String PLAIN_SCRIPT = "exec 3>&1 1>&2; exec \"$@\"";

    private final List<String> command;
    private final ProcessOptions options;
    private final ReentrantLock probeLock = new ReentrantLock();
    private NetworkIsolation isolation;

    /** Creates a transport for {@code command} with {@link ProcessOptions#DEFAULTS}. */
    public ProcessTransport(List<String> command) {
        this(command, ProcessOptions.DEFAULTS);
    }

    /** Creates a transport for {@code command}; nothing starts until {@link #connect()}. */
    public ProcessTransport(List<String> command, ProcessOptions options) {
        Objects.requireNonNull(command, "command");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command must name a program, got an empty list");
        }
        this.command = List.copyOf(command);
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Returns whether children of this transport run without the host's network, probing once
     * (which starts short-lived processes) when not yet known.
     */
    public boolean isIsolated() {
        return options.isolateNetwork() && isolation().available();
    }

    /**
     * Returns the full command a child is started with: the isolation prefix, the fd-swapping
     * shell and the configured command.
     *
     * @throws IOException when isolation is required but unavailable
     */
    public List<String> launchCommand() throws IOException {
        var launch = new ArrayList<String>();
        String script = PLAIN_SCRIPT;
        if (options.isolateNetwork()) {
            NetworkIsolation found = isolation();
            if (found.available()) {
                launch.addAll(found.prefix());
                script = ISOLATED_SCRIPT;
            } else if (options.requireIsolation()) {
                throw new IOException("network isolation is required"
                        + " (process.require-isolation=true) but unavailable: " + found.reason());
            }
        }
        launch.addAll(List.of("/bin/sh", "-c", script, LAUNCH_NAME));
        launch.addAll(command);
        return launch;
    }

    /** Starts a new child; its stdin and fd 3 become the connection's frame streams. */
    @Override
    public Connection connect() throws IOException {
        var builder = new ProcessBuilder(launchCommand())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .redirectError(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(options.environment());
        builder.environment().put(ChildFrames.FRAME_FD_ENV, "3");
        Process process = builder.start();
        String name = "process " + process.pid();
        var drain = new StderrDrain(process.getErrorStream(), options.maxStderrLineChars(),
                options.maxStderrLinesPerSecond(),
                line -> LOGGER.log(Level.INFO, "[{0}] {1}", name, line), System::nanoTime);
        Thread.ofPlatform().daemon().name("airlock-stderr-" + process.pid()).start(drain);
        LOGGER.log(Level.INFO, "started airlock {0} ({1})", name,
                isIsolated() ? "network isolated" : "NOT network isolated");
        return new ProcessConnection(process, options.stopTimeout());
    }

    private NetworkIsolation isolation() {
        probeLock.lock();
        try {
            if (isolation == null) {
                isolation = options.isolateNetwork()
                        ? NetworkIsolation.probe()
                        : new NetworkIsolation(List.of(), "disabled (process.isolate-network=false)");
                warnIfOpen();
            }
            return isolation;
        } finally {
            probeLock.unlock();
        }
    }

    private void warnIfOpen() {
        if (isolation.available()) {
            isolation.log();
        } else if (!options.requireIsolation()) {
            LOGGER.log(Level.WARNING, "NETWORK ISOLATION UNAVAILABLE: the model process can reach"
                    + " the network. Isolation {0}. Run as root, allow unprivileged user namespaces,"
                    + " or set process.require-isolation=true to refuse to start.",
                    isolation.reason());
        } else {
            LOGGER.log(Level.ERROR, "network isolation is required but unavailable: {0}",
                    isolation.reason());
        }
    }
}
