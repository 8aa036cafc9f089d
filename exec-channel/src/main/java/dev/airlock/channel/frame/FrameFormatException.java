package dev.airlock.channel.frame;

import java.io.IOException;

/**
 * Bytes on the pipe are not a valid frame of format version 1, or a payload is not the JSON
 * record its kind requires. The message names what was expected and what was found; it never
 * quotes payload contents. After one is thrown by {@link FrameReader#readFrame()} the stream is
 * out of step and must not be read further.
 */
public final class FrameFormatException extends IOException {
    public FrameFormatException(String message) {
        super(message);
    }

    public FrameFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
