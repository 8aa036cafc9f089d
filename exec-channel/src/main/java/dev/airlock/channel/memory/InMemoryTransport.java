package dev.airlock.channel.memory;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import dev.airlock.channel.RequestHandler;
import dev.airlock.channel.host.Connection;
import dev.airlock.channel.host.Transport;
import dev.airlock.channel.server.FrameServer;

/**
 * A {@link Transport} whose airlock is a {@link FrameServer} on a virtual thread of this JVM,
 * reached over two {@link BytePipe}s. Each {@link #connect()} starts a fresh server; closing the
 * connection ends it. For tests of the bridge and for benchmarks: no isolation at all.
 */
public final class InMemoryTransport implements Transport {
    private static final System.Logger LOGGER = System.getLogger(InMemoryTransport.class.getName());
    private static final int PIPE_BYTES = 64 * 1024;

    private final RequestHandler handler;
    private final AtomicLong connections = new AtomicLong();

    /** Creates a transport whose sessions serve {@code handler}. */
    public InMemoryTransport(RequestHandler handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    @Override
    public Connection connect() {
        var toServer = new BytePipe(PIPE_BYTES);
        var toHost = new BytePipe(PIPE_BYTES);
        long number = connections.incrementAndGet();
        var server = new FrameServer(toServer.source(), toHost.sink(), handler);
        Thread.ofVirtual().name("airlock-in-memory-" + number).start(() -> {
            try {
                server.serve();
            } catch (IOException e) {
                LOGGER.log(Level.WARNING, "in-memory airlock " + number + " failed", e);
            } finally {
                toHost.closeSink();
                toServer.closeSource();
            }
        });
        return Connection.of("in-memory airlock " + number, toHost.source(), toServer.sink());
    }
}
