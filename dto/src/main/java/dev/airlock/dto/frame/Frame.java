package dev.airlock.dto.frame;

import java.util.Objects;

/**
 * One frame of the exec channel.
 *
 * @param kind what the frame carries
 * @param requestId the request it belongs to; 0 for session frames (PING, PONG, GOODBYE)
 * @param payload the payload bytes, never null (owned by the frame; do not mutate)
 */
public record Frame(FrameKind kind, long requestId, byte[] payload) {
    private static final byte[] EMPTY = new byte[0];

    public Frame {
        Objects.requireNonNull(kind, "kind");
        if (requestId < 0) {
            throw new IllegalArgumentException("requestId must be >= 0, got " + requestId);
        }
        payload = payload == null ? EMPTY : payload;
    }

    /** Creates a frame without payload. */
    public static Frame of(FrameKind kind, long requestId) {
        return new Frame(kind, requestId, EMPTY);
    }
}
