package dev.airlock.channel.docker;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;

import dev.airlock.channel.host.Connection;

/**
 * One {@code docker exec} session: the exec's stdout (STDOUT frames) is {@link #input()}, its
 * stdin is fed from {@link #output()}, STDERR frames go to the stderr drain. The stream ends
 * when the engine closes the attach connection, that is when the process inside exits.
 */
final class DockerExecConnection implements Connection {
    private static final System.Logger LOGGER = System.getLogger(DockerExecTransport.class.getName());
    private static final int STDIN_BUFFER_BYTES = 64 * 1024;

    private final DockerClient docker;
    private final String execId;
    private final String name;
    private final Duration stopTimeout;
    private final StdinFeed stdin;
    private final OutputStream stdinFrames;
    private final ChunkQueueStream stdout;
    private final ChunkQueueStream stderr;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Attach attach = new Attach();

    DockerExecConnection(DockerClient docker, String execId, String name, Duration stopTimeout,
            StdinFeed stdin, ChunkQueueStream stdout, ChunkQueueStream stderr) {
        this.docker = docker;
        this.execId = execId;
        this.name = name;
        this.stopTimeout = stopTimeout;
        this.stdin = stdin;
        // The channel writes a frame as header then payload and flushes: buffered, the frame
        // crosses docker-java, dockerd and the shim as one chunk, not two.
        this.stdinFrames = new BufferedOutputStream(stdin.output(), STDIN_BUFFER_BYTES);
        this.stdout = stdout;
        this.stderr = stderr;
    }

    void start() {
        docker.execStartCmd(execId)
                .withDetach(false)
                .withTty(false)
                .withStdIn(stdin.input())
                .exec(attach);
    }

    @Override
    public InputStream input() {
        return stdout;
    }

    @Override
    public OutputStream output() {
        return stdinFrames;
    }

    @Override
    public String description() {
        return name;
    }

    /**
     * Ends stdin, waits up to the stop timeout for the engine to report the exec over (after
     * GOODBYE the process exits by itself), then drops the attach connection.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stdin.end();
        try {
            if (!attach.awaitCompletion(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOGGER.log(Level.WARNING, "{0} did not end within {1,number,#} ms; dropping its"
                        + " connection", name, stopTimeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            attach.close();
        } catch (IOException e) {
            LOGGER.log(Level.DEBUG, "closing the attach connection of {0} failed", name);
        }
        stdout.close();
        stderr.finish();
        LOGGER.log(Level.INFO, "airlock {0} stopped{1}", name, exitStatus());
    }

    private String exitStatus() {
        try {
            Long code = docker.inspectExecCmd(execId).exec().getExitCodeLong();
            return code == null ? "" : ", exit status " + code;
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** Demultiplexes the attach stream; runs on docker-java's thread. */
    private final class Attach extends ResultCallback.Adapter<Frame> {
        @Override
        public void onNext(Frame frame) {
            try {
                switch (frame.getStreamType()) {
                    // Copied: docker-java may reuse the payload buffer for the next frame.
                    case STDOUT, RAW -> stdout.offer(frame.getPayload().clone());
                    case STDERR -> stderr.offer(frame.getPayload().clone());
                    default -> LOGGER.log(Level.DEBUG, "{0}: ignored a {1} frame", name,
                            frame.getStreamType());
                }
            } catch (InterruptedIOException e) {
                LOGGER.log(Level.DEBUG, "{0}: interrupted while handing on output", name);
            }
        }

        @Override
        public void onError(Throwable error) {
            if (!closed.get()) {
                LOGGER.log(Level.WARNING, name + ": the attach stream failed", error);
            }
            ended();
            super.onError(error);
        }

        @Override
        public void onComplete() {
            LOGGER.log(Level.DEBUG, "{0}: the engine closed the attach stream", name);
            ended();
            super.onComplete();
        }

        private void ended() {
            stdout.finish();
            stderr.finish();
        }
    }
}
