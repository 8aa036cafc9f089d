package dev.airlock.dto.frame;

/**
 * What a frame carries. The byte codes are part of the wire format (version 1) and never change
 * meaning; a reader rejects codes it does not know.
 */
public enum FrameKind {
    /** Host to container: a request head and its whole body (payload: {@link RequestHead} JSON). */
    REQUEST(1),
    /** Container to host: status and headers (payload: {@link ResponseHead} JSON). */
    RESPONSE_HEAD(2),
    /** Container to host: the next bytes of the response body, raw. */
    BODY(3),
    /** Container to host: the response is complete (empty payload). */
    END(4),
    /** Either direction: the request failed (payload: {@link FrameError} JSON). */
    ERROR(5),
    /** Host to container: stop working on this request (empty payload). */
    CANCEL(6),
    /** Either direction, request id 0: liveness probe (payload echoed back in the PONG). */
    PING(7),
    /** Either direction, request id 0: answer to a PING. */
    PONG(8),
    /** Host to container, request id 0: end the session in-band (stdin EOF may never arrive). */
    GOODBYE(9);

    private final int code;

    FrameKind(int code) {
        this.code = code;
    }

    /** Returns the byte code written on the wire. */
    public int code() {
        return code;
    }

    /** Returns the kind for a wire code, or {@code null} when the code is unknown. */
    public static FrameKind fromCode(int code) {
        for (FrameKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        return null;
    }
}
