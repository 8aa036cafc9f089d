package dev.airlock.channel.host;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.airlock.channel.memory.BytePipe;

/** A transport whose far end is a {@link ScriptedPeer} the test drives frame by frame. */
final class ScriptedTransport implements Transport {
    private final BlockingQueue<ScriptedPeer> peers = new LinkedBlockingQueue<>();
    private final AtomicLong connections = new AtomicLong();

    @Override
    public Connection connect() {
        var toPeer = new BytePipe(64 * 1024);
        var toHost = new BytePipe(64 * 1024);
        peers.add(new ScriptedPeer(toPeer.source(), toHost));
        return Connection.of("scripted peer " + connections.incrementAndGet(), toHost.source(),
                toPeer.sink());
    }

    /** Returns the peer of the next connection the channel opened. */
    ScriptedPeer nextPeer() throws InterruptedException {
        ScriptedPeer peer = peers.poll(5, TimeUnit.SECONDS);
        if (peer == null) {
            throw new AssertionError("the channel opened no connection within 5 s");
        }
        return peer;
    }
}
