package dev.airlock.channel;

/**
 * A request could not be completed over the channel. {@link #status()} is the HTTP status the
 * failure maps to: 502 for a bad answer from the airlock, 503 when it is down, 504 on a timeout
 * (including a client too slow to take its stream), 413 for a request larger than one frame may
 * be, or the status the airlock itself sent in an error frame.
 */
public final class ChannelException extends RuntimeException {
    private final int status;
    private final String type;

    public ChannelException(int status, String type, String message) {
        super(message);
        this.status = status;
        this.type = type;
    }

    public ChannelException(int status, String type, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.type = type;
    }

    /** Returns the HTTP status this failure maps to. */
    public int status() {
        return status;
    }

    /** Returns the OpenAI error type, e.g. {@code server_error}. */
    public String type() {
        return type;
    }
}
