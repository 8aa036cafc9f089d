package dev.airlock.channel;

import dev.airlock.dto.frame.FrameError;
import dev.airlock.dto.frame.ResponseHead;

/**
 * Where a {@link RequestHandler} writes its answer: one head, any number of body pieces, then
 * one end or one error. {@link #body(byte[])} blocks while the channel applies backpressure.
 */
public interface ResponseSink {
    /** Sends the response head; must come first, once. */
    void head(ResponseHead head);

    /** Sends the next piece of the body. */
    void body(byte[] bytes);

    /** Ends the response. */
    void end();

    /**
     * Sends a whole answer: the head, one body and the end. A sink may write them as one message
     * instead of three, which saves a round of wake-ups on every hop between here and the client
     * (over {@code docker exec} there are four processes on the way).
     */
    default void complete(ResponseHead head, byte[] body) {
        head(head);
        body(body);
        end();
    }

    /** Sends the last piece of the body and ends the response, as one message where it can. */
    default void last(byte[] bytes) {
        body(bytes);
        end();
    }

    /** Fails the request; allowed before or after the head, instead of {@link #end()}. */
    void error(FrameError error);

    /** Returns whether the host cancelled this request (or the session ended). */
    boolean isCancelled();
}
