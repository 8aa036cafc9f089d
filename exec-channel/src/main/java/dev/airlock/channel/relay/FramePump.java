package dev.airlock.channel.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

import dev.airlock.channel.LoopbackAddress;

/**
 * The relay without a protocol of its own: it copies the host's frames from stdin to the
 * in-container server's frame socket ({@code serve --frames}) and the server's frames back,
 * byte for byte, each read passed on at once. It parses nothing; the bridge checks every frame
 * that comes out of the container, whoever wrote it. The session ends when either side ends:
 * the server closes the socket after GOODBYE (or when it stops), and the end of stdin is passed
 * on as the end of the socket's output, after which the server has {@value #LINGER_SECONDS} s to
 * close. A server that is not listening yet (still starting) is tried again until the connect
 * timeout has passed.
 */
public final class FramePump {
    private static final System.Logger LOGGER = System.getLogger(FramePump.class.getName());
    private static final int BUFFER_BYTES = 64 * 1024;
    static final long LINGER_SECONDS = 30;
    private static final long RETRY_MILLIS = 100;

    private final InetSocketAddress target;
    private final Duration connectTimeout;

    /**
     * Creates a pump to {@code host:port}.
     *
     * @throws IllegalArgumentException when {@code host} is not a loopback address
     */
    public FramePump(String host, int port, Duration connectTimeout) {
        this.target = new InetSocketAddress(LoopbackAddress.require(Objects.requireNonNull(host, "host")), port);
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
    }

    /**
     * Connects and pumps until the server closes the socket; returns 0 then. Blocks.
     *
     * @throws IOException when the server cannot be reached, or a stream fails mid-session
     */
    public int run(InputStream fromHost, OutputStream toHost) throws IOException {
        try (var socket = connect()) {
            socket.setTcpNoDelay(true);
            LOGGER.log(Level.INFO, "pumping channel frames to {0}", target);
            Thread.ofPlatform().daemon().name("airlock-pump-in").start(() -> hostToServer(fromHost, socket));
            copy(socket.getInputStream(), toHost);
        }
        LOGGER.log(Level.INFO, "the server closed the frame session");
        return 0;
    }

    private Socket connect() throws IOException {
        long deadline = System.nanoTime() + connectTimeout.toNanos();
        while (true) {
            var socket = new Socket();
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            try {
                socket.connect(target, (int) Math.min(Integer.MAX_VALUE, left));
                return socket;
            } catch (ConnectException e) {
                socket.close();
                if (System.nanoTime() + RETRY_MILLIS * 1_000_000 > deadline) {
                    throw new ConnectException("nothing listens on " + target + " (is the server started with"
                            + " serve --frames " + target.getHostString() + ":" + target.getPort() + "?): "
                            + e.getMessage());
                }
                LockSupport.parkNanos(RETRY_MILLIS * 1_000_000);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }
    }

    /**
     * Copies the host's frames to the server, then passes the end on. When the server side has
     * failed, it only stops: the main thread reads what the server still sends, to its end.
     */
    private static void hostToServer(InputStream fromHost, Socket socket) {
        try {
            copy(fromHost, socket.getOutputStream());
        } catch (IOException e) {
            if (!socket.isClosed()) {
                LOGGER.log(Level.WARNING, "passing frames to the server failed: {0}", e.getMessage());
            }
        }
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            LOGGER.log(Level.DEBUG, "ending the socket's output failed: {0}", e.getMessage());
        }
        // The host is done; a server that does not close in time would hold this process forever.
        LockSupport.parkNanos(LINGER_SECONDS * 1_000_000_000L);
        if (!socket.isClosed()) {
            LOGGER.log(Level.WARNING, "the server did not end the session {0} s after the host; closing it",
                    LINGER_SECONDS);
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing is all that is left to do.
            }
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER_BYTES];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            out.write(buffer, 0, n);
            out.flush();
        }
        out.flush();
    }
}
