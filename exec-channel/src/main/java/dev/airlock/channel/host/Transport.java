package dev.airlock.channel.host;

import java.io.IOException;

/**
 * Starts sessions to the airlock for a {@link MultiplexedChannel}: each call yields a fresh
 * {@link Connection} (a new child process, a new {@code docker exec}). Called again after the
 * previous connection died, so it must be able to start over. Called under the channel's session
 * lock, never concurrently with itself by one channel.
 */
@FunctionalInterface
public interface Transport {
    /**
     * Opens a new connection.
     *
     * @throws IOException when the airlock cannot be started or reached
     */
    Connection connect() throws IOException;
}
