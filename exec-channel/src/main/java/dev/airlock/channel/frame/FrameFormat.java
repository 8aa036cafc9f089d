package dev.airlock.channel.frame;

import dev.airlock.dto.frame.FrameKind;

/** The constants of frame format version 1 and the rules both codec halves share. */
final class FrameFormat {
    static final int MAGIC = 0xA17C;
    static final int VERSION = 1;
    static final int HEADER_BYTES = 16;

    private FrameFormat() {
    }

    /** Returns whether frames of this kind belong to the session, not to a request (id 0). */
    static boolean isSessionKind(FrameKind kind) {
        return switch (kind) {
            case PING, PONG, GOODBYE -> true;
            case REQUEST, RESPONSE_HEAD, BODY, END, ERROR, CANCEL -> false;
        };
    }

    /** Returns the largest payload a frame of this kind may carry, before the session limit. */
    static int maxPayloadBytes(FrameKind kind, int maxFrameBytes) {
        return switch (kind) {
            case END, CANCEL, GOODBYE -> 0;
            case PING, PONG -> Math.min(FrameReader.MAX_PING_BYTES, maxFrameBytes);
            case REQUEST, RESPONSE_HEAD, BODY, ERROR -> maxFrameBytes;
        };
    }

    /** Returns null when the frame's id and length fit its kind, else what is wrong. */
    static String violation(FrameKind kind, long requestId, long payloadBytes, int maxFrameBytes) {
        if (isSessionKind(kind) && requestId != 0) {
            return kind + " frame must carry request id 0, found " + requestId;
        }
        if (!isSessionKind(kind) && requestId <= 0) {
            return kind + " frame must carry a request id >= 1, found " + requestId;
        }
        int limit = maxPayloadBytes(kind, maxFrameBytes);
        if (payloadBytes > limit) {
            if (limit == maxFrameBytes) {
                return "frame of " + payloadBytes + " payload bytes exceeds channel.max-frame-bytes="
                        + maxFrameBytes;
            }
            return kind + " frame may carry at most " + limit + " payload bytes, found "
                    + payloadBytes;
        }
        return null;
    }
}
