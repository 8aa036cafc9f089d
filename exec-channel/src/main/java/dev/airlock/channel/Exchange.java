package dev.airlock.channel;

import java.time.Duration;

import dev.airlock.dto.frame.ResponseHead;

/**
 * One request in flight over a {@link Channel}. Read by one thread at a time. Closing an exchange
 * whose response has not ended sends a CANCEL to the airlock.
 */
public interface Exchange extends AutoCloseable {
    /** Returns the request id of this exchange on the channel. */
    long id();

    /**
     * Waits for the response head.
     *
     * @throws ChannelException when the airlock answered with an error frame, the session died,
     *     or nothing arrived within {@code timeout}
     */
    ResponseHead head(Duration timeout);

    /**
     * Waits for the next piece of the response body.
     *
     * @return the bytes, or {@code null} once the response has ended
     * @throws ChannelException as for {@link #head(Duration)}
     */
    byte[] nextChunk(Duration timeout);

    /** Cancels the request if it is still running and frees its buffers. Safe to call twice. */
    @Override
    void close();
}
