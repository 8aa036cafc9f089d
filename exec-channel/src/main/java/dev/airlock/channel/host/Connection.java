package dev.airlock.channel.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * One live byte pipe to the airlock: frames come from {@link #input()} and go to
 * {@link #output()}. The channel reads the input on one thread and writes the output under one
 * lock; {@link #close()} may be called from any thread and must make a blocked read return.
 */
public interface Connection extends AutoCloseable {
    /** Returns the stream of frames from the airlock. */
    InputStream input();

    /** Returns the stream of frames to the airlock. */
    OutputStream output();

    /** Returns what this connection is for logs, e.g. {@code process 4242}; never a secret. */
    String description();

    /** Releases the pipe (and whatever runs behind it); unblocks a pending read. Safe to call twice. */
    @Override
    void close();

    /** Returns a connection over two streams that closes both on {@link #close()}. */
    static Connection of(String description, InputStream input, OutputStream output) {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        return new Connection() {
            @Override
            public InputStream input() {
                return input;
            }

            @Override
            public OutputStream output() {
                return output;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public void close() {
                try (input) {
                    output.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("closing connection " + description, e);
                }
            }
        };
    }
}
