package dev.airlock.channel.frame;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

import dev.airlock.dto.frame.Frame;
import dev.airlock.dto.frame.FrameKind;

/**
 * Reads frames of format version 1 from a stream, trusting nothing: magic, version, kind, request
 * id and payload length are checked before any payload is read, so a hostile length never makes
 * the reader allocate more than {@code maxFrameBytes}. Not thread-safe: one reader thread owns it.
 */
public final class FrameReader {
    /** The default limit on one frame's payload: 8 MiB. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 8 * 1024 * 1024;
    /** The most payload a PING or PONG may carry. */
    public static final int MAX_PING_BYTES = 64;

    private final InputStream in;
    private final int maxFrameBytes;
    private final byte[] header = new byte[FrameFormat.HEADER_BYTES];

    /** Creates a reader with the default limit of {@value #DEFAULT_MAX_FRAME_BYTES} bytes. */
    public FrameReader(InputStream in) {
        this(in, DEFAULT_MAX_FRAME_BYTES);
    }

    /** Creates a reader that rejects frames whose payload exceeds {@code maxFrameBytes}. */
    public FrameReader(InputStream in, int maxFrameBytes) {
        this.in = Objects.requireNonNull(in, "in");
        if (maxFrameBytes < MAX_PING_BYTES) {
            throw new IllegalArgumentException("maxFrameBytes must be >= " + MAX_PING_BYTES
                    + ", got " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Reads the next frame, blocking until it is complete.
     *
     * @return the frame, or {@code null} at end of stream on a frame boundary
     * @throws FrameFormatException when the bytes are not a valid frame or end inside one
     * @throws IOException when reading the stream fails
     */
    public Frame readFrame() throws IOException {
        int headerRead = in.readNBytes(header, 0, header.length);
        if (headerRead == 0) {
            return null;
        }
        if (headerRead < header.length) {
            throw new FrameFormatException("truncated frame: expected a " + header.length
                    + "-byte header, found " + headerRead + " bytes before end of stream");
        }

        ByteBuffer fields = ByteBuffer.wrap(header);
        int magic = Short.toUnsignedInt(fields.getShort());
        if (magic != FrameFormat.MAGIC) {
            throw new FrameFormatException(String.format(
                    "bad frame magic: expected 0x%04X, found 0x%04X", FrameFormat.MAGIC, magic));
        }
        int version = Byte.toUnsignedInt(fields.get());
        if (version != FrameFormat.VERSION) {
            throw new FrameFormatException("unsupported frame version: expected "
                    + FrameFormat.VERSION + ", found " + version);
        }
        int code = Byte.toUnsignedInt(fields.get());
        FrameKind kind = FrameKind.fromCode(code);
        if (kind == null) {
            throw new FrameFormatException("unknown frame kind: expected a code 1..9, found "
                    + code);
        }
        long requestId = fields.getLong();
        long payloadBytes = Integer.toUnsignedLong(fields.getInt());
        String violation = FrameFormat.violation(kind, requestId, payloadBytes, maxFrameBytes);
        if (violation != null) {
            throw new FrameFormatException(violation);
        }

        return new Frame(kind, requestId, readPayload(kind, requestId, (int) payloadBytes));
    }

    private byte[] readPayload(FrameKind kind, long requestId, int length) throws IOException {
        // readNBytes grows its buffer as bytes arrive: a length the peer never sends costs little.
        byte[] payload = in.readNBytes(length);
        if (payload.length < length) {
            throw new FrameFormatException("truncated " + kind + " frame for request " + requestId
                    + ": expected " + length + " payload bytes, found " + payload.length
                    + " before end of stream");
        }
        return payload;
    }
}
