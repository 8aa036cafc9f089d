package dev.airlock.channel.server;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;

import dev.airlock.channel.RequestHandler;

/**
 * The frame streams of a process started behind the channel (by
 * {@code dev.airlock.channel.process.ProcessTransport} or {@code docker exec}). Frames come in
 * on stdin. They go out on the file descriptor named by {@value #FRAME_FD_ENV} (3 when the
 * launcher moved the real stdout there and pointed fd 1 at stderr, so that native code printing
 * to stdout cannot corrupt frames); without it, on the original stdout, with {@code System.out}
 * re-pointed to {@code System.err}.
 */
public final class ChildFrames {
    /** The environment variable a launcher sets to the file descriptor that carries frames. */
    public static final String FRAME_FD_ENV = "AIRLOCK_FRAME_FD";
    private static final System.Logger LOGGER = System.getLogger(ChildFrames.class.getName());
    private static final int BUFFER_BYTES = 64 * 1024;

    private ChildFrames() {
    }

    /**
     * Returns the stream this process must write frames to, and makes sure {@code System.out}
     * no longer reaches it. Call once, at start-up, before anything prints.
     *
     * @throws UncheckedIOException when {@value #FRAME_FD_ENV} names a descriptor that is not open
     */
    public static OutputStream open() {
        String fd = System.getenv(FRAME_FD_ENV);
        if (fd != null && fd.matches("[0-9]{1,4}")) {
            String path = "/dev/fd/" + fd;
            try {
                return new BufferedOutputStream(new FileOutputStream(path), BUFFER_BYTES);
            } catch (FileNotFoundException e) {
                throw new UncheckedIOException(FRAME_FD_ENV + "=" + fd + " but " + path
                        + " cannot be opened for writing", e);
            }
        }
        LOGGER.log(Level.WARNING, "{0} is not set: frames go to the original stdout and"
                + " System.out goes to stderr; native code writing to fd 1 would corrupt frames",
                FRAME_FD_ENV);
        var frames = new FileOutputStream(FileDescriptor.out);
        System.setOut(System.err);
        return new BufferedOutputStream(frames, BUFFER_BYTES);
    }

    /** Returns the stream of frames from the host: this process's stdin. */
    public static InputStream input() {
        return new FileInputStream(FileDescriptor.in);
    }

    /**
     * Serves {@code handler} on this process's frame streams until the host says GOODBYE or
     * closes stdin. Blocks.
     */
    public static void serve(RequestHandler handler) throws IOException {
        try (InputStream in = input(); OutputStream out = open()) {
            new FrameServer(in, out, handler).serve();
        }
    }
}
