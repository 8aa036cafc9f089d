package dev.airlock.channel.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

import dev.airlock.channel.LoopbackAddress;
import dev.airlock.channel.RequestHandler;

/**
 * Serves a {@link RequestHandler} over channel frames on a loopback TCP port: each connection
 * is one session of its own {@link FrameServer}. Inside the container the process that
 * {@code docker exec} starts is then only a byte pump ({@code RelayMain --frames}) between its
 * stdin/stdout and one such connection, so a request crosses no HTTP layer between the bridge and
 * the handler. Refuses any address that is not loopback. Keeps at most {@value #MAX_SESSIONS}
 * sessions: a bridge holds one, two while it replaces a dead one, so when a new one would pass
 * the limit the oldest is closed (a pump whose host vanished without the exec ending holds its
 * session until then).
 */
public final class FrameSocketServer implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(FrameSocketServer.class.getName());
    static final int MAX_SESSIONS = 8;
    private static final int BUFFER_BYTES = 64 * 1024;

    private final ServerSocket listener;
    private final RequestHandler handler;
    private static final long MAX_ACCEPT_BACKOFF_MILLIS = 5_000;
    /** Open sessions, oldest first; guarded by itself. */
    private final Set<Socket> sessions = new LinkedHashSet<>();
    private volatile boolean closed;

    private FrameSocketServer(ServerSocket listener, RequestHandler handler) {
        this.listener = listener;
        this.handler = handler;
    }

    /**
     * Starts accepting sessions for {@code handler} on {@code host:port} (port 0 picks a free one).
     *
     * @throws IllegalArgumentException when {@code host} is not a loopback address
     * @throws IOException when the port cannot be bound
     */
    public static FrameSocketServer start(RequestHandler handler, String host, int port) throws IOException {
        Objects.requireNonNull(handler, "handler");
        InetAddress address = LoopbackAddress.require(host);
        var listener = new ServerSocket();
        listener.bind(new InetSocketAddress(address, port), MAX_SESSIONS);
        var server = new FrameSocketServer(listener, handler);
        Thread.ofPlatform().daemon().name("airlock-frames-accept").start(server::accept);
        LOGGER.log(Level.INFO, "channel frames listening on {0}:{1,number,#}", host, listener.getLocalPort());
        return server;
    }

    /** Returns the port it listens on. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Stops accepting and ends every session; their running handlers see themselves cancelled. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            LOGGER.log(Level.DEBUG, "closing the frame socket failed: {0}", e.getMessage());
        }
        synchronized (sessions) {
            sessions.forEach(FrameSocketServer::closeQuietly);
        }
    }

    private void accept() {
        long backoffMillis = 50;
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
                backoffMillis = 50;
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                // E.g. out of file descriptors: the listener stays, so try again after a pause.
                LOGGER.log(Level.ERROR, "accepting on the frame socket failed; trying again in {0,number,#} ms: {1}",
                        backoffMillis, e.getMessage());
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoffMillis = Math.min(MAX_ACCEPT_BACKOFF_MILLIS, backoffMillis * 2);
                continue;
            }
            Socket oldest = null;
            synchronized (sessions) {
                if (closed) {
                    closeQuietly(socket);
                    return;
                }
                if (sessions.size() >= MAX_SESSIONS) {
                    oldest = sessions.iterator().next();
                    sessions.remove(oldest);
                }
                sessions.add(socket);
            }
            if (oldest != null) {
                LOGGER.log(Level.WARNING, "{0} frame sessions open: closing the oldest, from port {1,number,#}",
                        MAX_SESSIONS, oldest.getPort());
                closeQuietly(oldest);
            }
            Thread.ofVirtual().name("airlock-frames-" + socket.getPort()).start(() -> serve(socket));
        }
    }

    private void serve(Socket socket) {
        LOGGER.log(Level.INFO, "frame session from port {0,number,#} opened", socket.getPort());
        try (socket) {
            // Frames are small and each is flushed on purpose: Nagle would hold one back for an ACK.
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream(), BUFFER_BYTES);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), BUFFER_BYTES);
            new FrameServer(in, out, handler).serve();
            // FIN after the last frame, before close: the pump reads everything, then the end.
            socket.shutdownOutput();
        } catch (IOException e) {
            if (!closed) {
                LOGGER.log(Level.WARNING, "frame session from port {0,number,#} failed: {1}", socket.getPort(),
                        e.getMessage());
            }
        } finally {
            synchronized (sessions) {
                sessions.remove(socket);
            }
        }
        LOGGER.log(Level.INFO, "frame session from port {0,number,#} closed", socket.getPort());
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOGGER.log(Level.DEBUG, "closing a frame session failed: {0}", e.getMessage());
        }
    }
}
