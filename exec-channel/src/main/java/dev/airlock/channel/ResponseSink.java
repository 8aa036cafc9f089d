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

    /** Fails the request; allowed before or after the head, instead of {@link #end()}. */
    void error(FrameError error);

    /** Returns whether the host cancelled this request (or the session ended). */
    boolean isCancelled();
}
