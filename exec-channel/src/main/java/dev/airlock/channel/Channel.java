package dev.airlock.channel;

import dev.airlock.dto.frame.RequestHead;

/**
 * The host's side of the airlock: sends requests over one pipe and receives their responses,
 * many in flight at once. Thread-safe.
 */
public interface Channel extends AutoCloseable {
    /**
     * Sends a request and returns its exchange at once, without waiting for the answer.
     *
     * @throws ChannelException with status 503 when the airlock is down and cannot be restarted
     */
    Exchange open(RequestHead request);

    /** Returns whether the channel currently has a live session to the airlock. */
    boolean isUp();

    /** Ends the session in-band and releases the transport. Safe to call twice. */
    @Override
    void close();
}
