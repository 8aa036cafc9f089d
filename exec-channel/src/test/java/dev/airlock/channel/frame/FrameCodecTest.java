package dev.airlock.channel.frame;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.airlock.dto.frame.Frame;
import dev.airlock.dto.frame.FrameKind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameCodecTest {
    @ParameterizedTest
    @EnumSource(FrameKind.class)
    void everyKindRoundTrips(FrameKind kind) throws IOException {
        Frame frame = sampleFrame(kind);

        Frame read = new FrameReader(new ByteArrayInputStream(encode(frame))).readFrame();

        assertThat(read.kind()).isEqualTo(kind);
        assertThat(read.requestId()).isEqualTo(frame.requestId());
        assertThat(read.payload()).isEqualTo(frame.payload());
    }

    @Test
    void writesTheHeaderOfDesignMd() throws IOException {
        byte[] bytes = encode(new Frame(FrameKind.BODY, 0x0102030405060708L, new byte[] {42}));

        assertThat(Arrays.copyOf(bytes, 16)).containsExactly(
                0xA1, 0x7C, 1, 3, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 1);
        assertThat(bytes[16]).isEqualTo((byte) 42);
    }

    @Test
    void readsFramesBackToBackAndNullAtEndOfStream() throws IOException {
        var out = new ByteArrayOutputStream();
        var writer = new FrameWriter(out);
        writer.write(Frame.of(FrameKind.END, 1));
        writer.write(new Frame(FrameKind.BODY, 2, "hi".getBytes(StandardCharsets.UTF_8)));
        var reader = new FrameReader(new ByteArrayInputStream(out.toByteArray()));

        assertThat(reader.readFrame().kind()).isEqualTo(FrameKind.END);
        assertThat(reader.readFrame().requestId()).isEqualTo(2);
        assertThat(reader.readFrame()).isNull();
    }

    @Test
    void writesABatchInOrderWithOneFlush() throws IOException {
        var out = new FlushCounter();
        var writer = new FrameWriter(out);

        writer.write(new Frame(FrameKind.BODY, 3, "a".getBytes(StandardCharsets.UTF_8)), Frame.of(FrameKind.END, 3));

        var reader = new FrameReader(new ByteArrayInputStream(out.toByteArray()));
        assertThat(reader.readFrame().kind()).isEqualTo(FrameKind.BODY);
        assertThat(reader.readFrame().kind()).isEqualTo(FrameKind.END);
        assertThat(reader.readFrame()).isNull();
        assertThat(out.flushes).isEqualTo(1);
    }

    @Test
    void aBatchWithOneBadFrameWritesNothing() {
        var out = new FlushCounter();
        var writer = new FrameWriter(out);

        assertThatThrownBy(() -> writer.write(Frame.of(FrameKind.END, 3), Frame.of(FrameKind.END, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(out.size()).isZero();
        assertThat(out.flushes).isZero();
    }

    private static final class FlushCounter extends ByteArrayOutputStream {
        int flushes;

        @Override
        public void flush() {
            flushes++;
        }
    }

    @Test
    void rejectsBadMagic() {
        byte[] bytes = encode(Frame.of(FrameKind.END, 1));
        bytes[0] = 0x12;

        assertThatThrownBy(() -> read(bytes))
                .isInstanceOf(FrameFormatException.class)
                .hasMessage("bad frame magic: expected 0xA17C, found 0x127C");
    }

    @Test
    void rejectsUnknownVersion() {
        byte[] bytes = encode(Frame.of(FrameKind.END, 1));
        bytes[2] = 2;

        assertThatThrownBy(() -> read(bytes))
                .isInstanceOf(FrameFormatException.class)
                .hasMessage("unsupported frame version: expected 1, found 2");
    }

    @Test
    void rejectsUnknownKind() {
        byte[] bytes = encode(Frame.of(FrameKind.END, 1));
        bytes[3] = (byte) 200;

        assertThatThrownBy(() -> read(bytes))
                .isInstanceOf(FrameFormatException.class)
                .hasMessage("unknown frame kind: expected a code 1..9, found 200");
    }

    @Test
    void rejectsFrameLongerThanLimitBeforeReadingItsPayload() {
        byte[] header = header(FrameKind.BODY, 1, 9_437_184);

        assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(header)).readFrame())
                .isInstanceOf(FrameFormatException.class)
                .hasMessage("frame of 9437184 payload bytes exceeds channel.max-frame-bytes=8388608");
    }

    @Test
    void readsLengthAsUnsigned() {
        byte[] header = header(FrameKind.BODY, 1, -1);

        assertThatThrownBy(() -> read(header))
                .isInstanceOf(FrameFormatException.class)
                .hasMessageContaining("frame of 4294967295 payload bytes exceeds");
    }

    @Test
    void rejectsPayloadOnEnd() {
        byte[] bytes = concat(header(FrameKind.END, 1, 1), new byte[1]);

        assertThatThrownBy(() -> read(bytes))
                .isInstanceOf(FrameFormatException.class)
                .hasMessage("END frame may carry at most 0 payload bytes, found 1");
    }

    @Test
    void rejectsPingLongerThan64Bytes() {
        byte[] bytes = concat(header(FrameKind.PING, 0, 65), new byte[65]);

        assertThatThrownBy(() -> read(bytes))
                .isInstanceOf(FrameFormatException.class)
                .hasMessage("PING frame may carry at most 64 payload bytes, found 65");
    }

    @Test
    void rejectsSessionFrameWithRequestId() {
        assertThatThrownBy(() -> read(header(FrameKind.GOODBYE, 5, 0)))
                .isInstanceOf(FrameFormatException.class)
                .hasMessage("GOODBYE frame must carry request id 0, found 5");
    }

    @Test
    void rejectsRequestFrameWithoutRequestId() {
        assertThatThrownBy(() -> read(header(FrameKind.BODY, 0, 0)))
                .isInstanceOf(FrameFormatException.class)
                .hasMessage("BODY frame must carry a request id >= 1, found 0");
    }

    @Test
    void rejectsNegativeRequestId() {
        assertThatThrownBy(() -> read(header(FrameKind.BODY, -7, 0)))
                .isInstanceOf(FrameFormatException.class)
                .hasMessage("BODY frame must carry a request id >= 1, found -7");
    }

    @Test
    void rejectsTruncatedHeader() {
        byte[] bytes = Arrays.copyOf(encode(Frame.of(FrameKind.END, 1)), 7);

        assertThatThrownBy(() -> read(bytes))
                .isInstanceOf(FrameFormatException.class)
                .hasMessage("truncated frame: expected a 16-byte header, found 7 bytes before end"
                        + " of stream");
    }

    @Test
    void rejectsTruncatedPayload() {
        byte[] bytes = concat(header(FrameKind.BODY, 3, 10), new byte[4]);

        assertThatThrownBy(() -> read(bytes))
                .isInstanceOf(FrameFormatException.class)
                .hasMessage("truncated BODY frame for request 3: expected 10 payload bytes, found 4"
                        + " before end of stream");
    }

    @Test
    void writerRefusesFrameItsPeerWouldReject() {
        var writer = new FrameWriter(new ByteArrayOutputStream(), 1024);

        assertThatThrownBy(() -> writer.write(new Frame(FrameKind.BODY, 1, new byte[1025])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("frame of 1025 payload bytes exceeds channel.max-frame-bytes=1024");
    }

    static Frame sampleFrame(FrameKind kind) {
        return switch (kind) {
            case PING, PONG -> new Frame(kind, 0, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            case GOODBYE -> Frame.of(kind, 0);
            case END, CANCEL -> Frame.of(kind, 77);
            case REQUEST, RESPONSE_HEAD, BODY, ERROR ->
                    new Frame(kind, Long.MAX_VALUE, "{\"x\":\"é\"}".getBytes(StandardCharsets.UTF_8));
        };
    }

    static byte[] encode(Frame frame) {
        var out = new ByteArrayOutputStream();
        try {
            new FrameWriter(out).write(frame);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    static byte[] header(FrameKind kind, long requestId, int length) {
        return ByteBuffer.allocate(16)
                .putShort((short) 0xA17C)
                .put((byte) 1)
                .put((byte) kind.code())
                .putLong(requestId)
                .putInt(length)
                .array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static Frame read(byte[] bytes) throws IOException {
        return new FrameReader(new ByteArrayInputStream(bytes)).readFrame();
    }
}
