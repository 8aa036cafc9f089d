package dev.airlock.channel.frame;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import dev.airlock.dto.Json;
import dev.airlock.dto.frame.Frame;
import dev.airlock.dto.frame.FrameError;
import dev.airlock.dto.frame.FrameKind;
import dev.airlock.dto.frame.RequestHead;
import dev.airlock.dto.frame.ResponseHead;

/**
 * Builds the frames whose payload is JSON and parses those payloads back into our records,
 * rejecting malformed UTF-8 instead of replacing it.
 */
public final class FramePayloads {
    private FramePayloads() {
    }

    /** Returns a REQUEST frame carrying {@code head}. */
    public static Frame request(long requestId, RequestHead head) {
        return new Frame(FrameKind.REQUEST, requestId, encode(head));
    }

    /** Returns a RESPONSE_HEAD frame carrying {@code head}. */
    public static Frame responseHead(long requestId, ResponseHead head) {
        return new Frame(FrameKind.RESPONSE_HEAD, requestId, encode(head));
    }

    /** Returns an ERROR frame carrying {@code error}. */
    public static Frame error(long requestId, FrameError error) {
        return new Frame(FrameKind.ERROR, requestId, encode(error));
    }

    /** Parses the payload of a REQUEST frame. */
    public static RequestHead requestHead(Frame frame) throws FrameFormatException {
        return decode(frame, RequestHead.class);
    }

    /** Parses the payload of a RESPONSE_HEAD frame. */
    public static ResponseHead responseHead(Frame frame) throws FrameFormatException {
        return decode(frame, ResponseHead.class);
    }

    /** Parses the payload of an ERROR frame. */
    public static FrameError frameError(Frame frame) throws FrameFormatException {
        return decode(frame, FrameError.class);
    }

    private static byte[] encode(Object value) {
        return Json.write(value).getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T decode(Frame frame, Class<T> type) throws FrameFormatException {
        String what = frame.kind() + " payload of " + frame.payload().length
                + " bytes for request " + frame.requestId();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(frame.payload()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new FrameFormatException(what + ": expected UTF-8 JSON, found malformed UTF-8");
        }
        T value;
        try {
            value = Json.read(text, type);
        } catch (RuntimeException e) {
            // The payload is hostile input: the parser and the record constructors may throw any
            // runtime exception. Only our own validation messages are quoted, never the payload.
            throw new FrameFormatException(what + ": expected a JSON " + type.getSimpleName()
                    + ", found " + describe(e, type), e);
        }
        if (value == null) {
            throw new FrameFormatException(what + ": expected a JSON " + type.getSimpleName()
                    + ", found null");
        }
        return value;
    }

    /** Quotes the record's own validation message (field name and value), nothing else. */
    private static String describe(RuntimeException e, Class<?> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            StackTraceElement[] trace = cause.getStackTrace();
            if (cause instanceof IllegalArgumentException && trace.length > 0
                    && trace[0].getClassName().equals(type.getName())) {
                return "an invalid value (" + cause.getMessage() + ")";
            }
        }
        return "text that does not parse as one";
    }
}
