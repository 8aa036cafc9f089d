package dev.airlock.channel.docker;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;

import dev.airlock.channel.host.Connection;
import dev.airlock.channel.host.Transport;
import dev.airlock.channel.process.StderrDrain;
import dev.airlock.channel.server.ChildFrames;

/**
 * Starts the airlock as one long-lived {@code docker exec} session in a running container, for
 * {@link dev.airlock.channel.host.MultiplexedChannel}: each {@link #connect()} is a new exec, so
 * when the exec dies its session fails with 503 and the next request starts another.
 *
 * <p>The exec runs {@code /bin/sh -c 'exec 3>&1 1>&2; exec "$@"'} with
 * {@value ChildFrames#FRAME_FD_ENV}=3, the same convention as the process transport: frames go
 * out on fd 3, which is the exec's stdout, and whatever prints to fd 1 lands in its stderr. Docker
 * multiplexes both streams over one connection (tty off); STDOUT frames feed the channel, STDERR
 * frames are logged line by line, cut and rate-limited. stdin is fed from a bounded queue. docker-java
 * never half-closes the connection, so the process does not see stdin end: the channel ends the
 * session in-band with GOODBYE, and closing the connection then drops the hijacked socket.
 */
public final class DockerExecTransport implements Transport {
    private static final System.Logger LOGGER = System.getLogger(DockerExecTransport.class.getName());
    private static final String SCRIPT = "exec 3>&1 1>&2; exec \"$@\"";
    private static final String LAUNCH_NAME = "airlock-exec";
    private static final int STDIN_CHUNKS = 256;
    private static final int STDOUT_CHUNKS = 256;

    private final DockerClient docker;
    private final DockerExecOptions options;

    /** Creates a transport; nothing is contacted until {@link #connect()}. */
    public DockerExecTransport(DockerClient docker, DockerExecOptions options) {
        this.docker = Objects.requireNonNull(docker, "docker");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Returns the command the exec runs: the fd-swapping shell, then the configured command. */
    public List<String> execCommand() {
        var command = new ArrayList<>(List.of("/bin/sh", "-c", SCRIPT, LAUNCH_NAME));
        command.addAll(options.command());
        return command;
    }

    /**
     * Starts a new exec in the container; its stdin and stdout become the connection's streams.
     *
     * @throws IOException when the container is not running or the engine refuses the exec
     */
    @Override
    public Connection connect() throws IOException {
        String execId;
        try {
            var state = docker.inspectContainerCmd(options.container()).exec().getState();
            if (state == null || !Boolean.TRUE.equals(state.getRunning())) {
                throw new IOException("container " + options.container() + " is not running"
                        + " (status " + (state == null ? "unknown" : state.getStatus())
                        + "); start it, e.g. with ./airlock container create");
            }
            var create = docker.execCreateCmd(options.container())
                    .withAttachStdin(true)
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .withTty(false)
                    .withEnv(environment())
                    .withCmd(execCommand().toArray(String[]::new));
            if (options.user() != null) {
                create.withUser(options.user());
            }
            execId = create.exec().getId();
        } catch (DockerException | IllegalArgumentException e) {
            throw new IOException("docker exec in container " + options.container()
                    + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // docker-java wraps socket failures (no engine, socket missing) in plain RuntimeExceptions.
            throw new IOException("the docker engine is not reachable for container "
                    + options.container() + ": " + e.getMessage(), e);
        }
        String name = "docker exec " + execId.substring(0, Math.min(12, execId.length()))
                + " in " + options.container();
        var stderr = new ChunkQueueStream(STDOUT_CHUNKS);
        var drain = new StderrDrain(stderr, options.maxStderrLineChars(),
                options.maxStderrLinesPerSecond(),
                line -> LOGGER.log(Level.INFO, "[{0}] {1}", name, line), System::nanoTime);
        Thread.ofPlatform().daemon().name("airlock-exec-stderr").start(drain);
        var connection = new DockerExecConnection(docker, execId, name, options.stopTimeout(),
                new StdinFeed(STDIN_CHUNKS), new ChunkQueueStream(STDOUT_CHUNKS), stderr);
        connection.start();
        LOGGER.log(Level.INFO, "started airlock {0}", name);
        return connection;
    }

    private List<String> environment() {
        var environment = new ArrayList<String>();
        options.environment().forEach((key, value) -> environment.add(key + "=" + value));
        environment.add(ChildFrames.FRAME_FD_ENV + "=3");
        return environment;
    }
}
