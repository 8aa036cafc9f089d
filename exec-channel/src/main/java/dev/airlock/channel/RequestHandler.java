package dev.airlock.channel;

import dev.airlock.dto.frame.RequestHead;

/**
 * The airlock's side: answers one request that arrived over the channel. Called on a thread of
 * its own per request, so it may block; it must check {@link ResponseSink#isCancelled()} between
 * steps of a long answer.
 */
@FunctionalInterface
public interface RequestHandler {
    /** Answers {@code request} through {@code sink}, ending with {@code end()} or {@code error(...)}. */
    void handle(RequestHead request, ResponseSink sink);
}
