package dev.airlock.channel.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.airlock.channel.host.Connection;

/** The frame streams of one child process; closing it stops the child, politely first. */
final class ProcessConnection implements Connection {
    private static final System.Logger LOGGER = System.getLogger(ProcessTransport.class.getName());
    private static final long KILL_WAIT_SECONDS = 2;

    private final Process process;
    private final Duration stopTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();

    ProcessConnection(Process process, Duration stopTimeout) {
        this.process = process;
        this.stopTimeout = stopTimeout;
    }

    @Override
    public InputStream input() {
        return process.getInputStream();
    }

    @Override
    public OutputStream output() {
        return process.getOutputStream();
    }

    @Override
    public String description() {
        if (process.isAlive()) {
            return "process " + process.pid();
        }
        return "process " + process.pid() + ", exit status " + process.exitValue();
    }

    /**
     * Closes the child's stdin, waits up to the stop timeout for it to exit, then kills it.
     * Killing is what unblocks a read of its output: closing a pipe another thread reads from
     * does not.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            LOGGER.log(Level.DEBUG, "stdin of process {0,number,#} was already broken",
                    process.pid());
        }
        try {
            if (!process.waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOGGER.log(Level.WARNING, "process {0,number,#} did not exit within {1,number,#} ms"
                        + " of its stdin closing; killing it", process.pid(), stopTimeout.toMillis());
                process.destroy();
                if (!process.waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            process.getInputStream().close();
        } catch (IOException e) {
            LOGGER.log(Level.DEBUG, "closing the output of process {0,number,#} failed",
                    process.pid());
        }
        LOGGER.log(Level.INFO, "airlock {0} stopped", description());
    }
}
