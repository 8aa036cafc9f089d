package dev.airlock.inference.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.airlock.inference.checkpoint.SafetensorsWriter.Tensor;

class SafetensorsWriterTest {
    @TempDir
    Path dir;

    @Test
    void padsTheHeaderWithSpacesToAnEightByteBoundary() throws IOException {
        Path file = dir.resolve("a.safetensors");

        SafetensorsWriter.write(file, List.of(Tensor.of("x", SafetensorsDtype.F32, new long[] {3}, new float[3])),
                Map.of("format", "pt"));

        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertThat((8 + headerLength) % 8).isZero();
        assertThat(header).startsWith("{\"__metadata__\":{\"format\":\"pt\"},\"x\":");
        assertThat(header.stripTrailing()).endsWith("}");
        assertThat(header.substring(header.stripTrailing().length())).matches(" *");
        assertThat(bytes).hasSize((int) (8 + headerLength + 12));
    }

    @Test
    void ordersTensorsByElementSizeThenName() {
        Path file = dir.resolve("b.safetensors");
        var tensors = List.of(
                Tensor.of("b", SafetensorsDtype.BF16, new long[] {1}, new float[1]),
                Tensor.of("z", SafetensorsDtype.F32, new long[] {2}, new float[2]),
                Tensor.of("a", SafetensorsDtype.BF16, new long[] {1}, new float[1]),
                Tensor.of("c", SafetensorsDtype.F32, new long[] {1}, new float[1]));

        SafetensorsWriter.write(file, tensors, Map.of());

        try (var reader = SafetensorsReader.open(file)) {
            assertThat(reader.entries())
                    .extracting(TensorEntry::name, TensorEntry::begin)
                    .containsExactly(
                            tuple("c", 0L),
                            tuple("z", 4L),
                            tuple("a", 12L),
                            tuple("b", 14L));
        }
    }

    @Test
    void storesF32ValuesLittleEndianInRowMajorOrder() {
        Path file = dir.resolve("c.safetensors");
        float[] values = {1.5f, -2.25f, 3.0e-8f, Float.MAX_VALUE, 0f, -0f};

        SafetensorsWriter.write(file, List.of(Tensor.of("w", SafetensorsDtype.F32, new long[] {2, 3}, values)),
                Map.of());

        try (var reader = SafetensorsReader.open(file)) {
            TensorEntry entry = reader.require("w");
            ByteBuffer data = reader.map(entry, 0, (int) entry.sizeBytes());
            float[] read = new float[6];
            data.asFloatBuffer().get(read);
            assertThat(entry.shape()).containsExactly(2, 3);
            assertThat(read).containsExactly(values);
        }
    }

    @Test
    void roundsBf16ToNearestEven() {
        Path file = dir.resolve("d.safetensors");
        // 1 + 2^-8 is halfway between two bf16 values and rounds to even (1.0); 1 + 3·2^-8 rounds up.
        float[] values = {1.0f + 0x1.0p-8f, 1.0f + 3 * 0x1.0p-8f, -2.0f, Float.NaN};

        SafetensorsWriter.write(file, List.of(Tensor.of("w", SafetensorsDtype.BF16, new long[] {4}, values)),
                Map.of());

        try (var reader = SafetensorsReader.open(file)) {
            ByteBuffer data = reader.map(reader.require("w"), 0, 8);
            assertThat(data.getShort(0)).isEqualTo((short) 0x3F80);
            assertThat(data.getShort(2)).isEqualTo((short) 0x3F82);
            assertThat(data.getShort(4)).isEqualTo((short) 0xC000);
            assertThat(Float.isNaN(Float.intBitsToFloat(data.getShort(6) << 16))).isTrue();
        }
    }

    @Test
    void rejectsTwoTensorsWithTheSameName() {
        Path file = dir.resolve("e.safetensors");
        var tensors = List.of(Tensor.of("w", SafetensorsDtype.F32, new long[] {1}, new float[1]),
                Tensor.of("w", SafetensorsDtype.F32, new long[] {1}, new float[1]));

        assertThatThrownBy(() -> SafetensorsWriter.write(file, tensors, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tensor name w appears twice");
    }

    @Test
    void rejectsDataThatDoesNotMatchTheShape() {
        assertThatThrownBy(() -> Tensor.of("w", SafetensorsDtype.F32, new long[] {2, 2}, new float[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tensor w: shape [2, 2] holds 4 elements but 3 were given");
    }
}
