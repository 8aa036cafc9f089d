package dev.airlock.inference.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsReaderTest {
    private static final String TWO_TENSORS = "{\"__metadata__\":{\"format\":\"pt\"},"
            + "\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
            + "\"b\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[16,22]}}";

    @TempDir
    Path dir;

    @Test
    void readsEntriesMetadataAndMappedBytes() {
        Path file = SafetensorsFixture.write(dir.resolve("m.safetensors"), TWO_TENSORS, 22);

        try (var reader = SafetensorsReader.open(file)) {
            TensorEntry b = reader.require("b");
            ByteBuffer bytes = reader.map(b, 0, (int) b.sizeBytes());

            assertThat(reader.metadata()).containsEntry("format", "pt");
            assertThat(reader.names()).containsExactlyInAnyOrder("a", "b");
            assertThat(b.dtype()).isEqualTo(SafetensorsDtype.BF16);
            assertThat(b.shape()).containsExactly(3);
            assertThat(bytes.get(0)).isEqualTo((byte) 16);
            assertThat(bytes.remaining()).isEqualTo(6);
        }
    }

    @Test
    void rejectsTruncatedData() {
        Path file = SafetensorsFixture.write(dir.resolve("t.safetensors"), TWO_TENSORS, 20);

        assertThatThrownBy(() -> SafetensorsReader.open(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("truncated");
    }

    @Test
    void rejectsFileCutInsideHeader() throws IOException {
        Path file = SafetensorsFixture.write(dir.resolve("h.safetensors"), TWO_TENSORS, 22);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, 30));

        assertThatThrownBy(() -> SafetensorsReader.open(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void rejectsShapeThatDisagreesWithOffsets() {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[0,16]}}";
        Path file = SafetensorsFixture.write(dir.resolve("s.safetensors"), header, 16);

        assertThatThrownBy(() -> SafetensorsReader.open(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tensor 'a'")
                .hasMessageContaining("24 bytes");
    }

    @Test
    void rejectsUnknownDtype() {
        String header = "{\"a\":{\"dtype\":\"Q4\",\"shape\":[4],\"data_offsets\":[0,4]}}";
        Path file = SafetensorsFixture.write(dir.resolve("d.safetensors"), header, 4);

        assertThatThrownBy(() -> SafetensorsReader.open(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tensor 'a'")
                .hasMessageContaining("unknown dtype 'Q4'");
    }

    @Test
    void rejectsDuplicateTensorNames() {
        String header = "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},"
                + "\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]}}";
        Path file = SafetensorsFixture.write(dir.resolve("dup.safetensors"), header, 2);

        assertThatThrownBy(() -> SafetensorsReader.open(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names tensor 'a' twice");
    }

    @Test
    void rejectsOverlappingOffsets() {
        String header = "{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]},"
                + "\"b\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[1,3]}}";
        Path file = SafetensorsFixture.write(dir.resolve("o.safetensors"), header, 3);

        assertThatThrownBy(() -> SafetensorsReader.open(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tensor 'b'")
                .hasMessageContaining("contiguous");
    }

    @Test
    void rejectsHeaderThatIsNotJson() {
        Path file = SafetensorsFixture.write(dir.resolve("j.safetensors"), "{\"a\": [1,", 0);

        assertThatThrownBy(() -> SafetensorsReader.open(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void rejectsHeaderLengthBeyondLimit() throws IOException {
        Path file = dir.resolve("big.safetensors");
        Files.write(file, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(200_000_000L).array());

        assertThatThrownBy(() -> SafetensorsReader.open(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("100000000");
    }

    @Test
    void missingFileIsAnUncheckedIoError() {
        assertThatThrownBy(() -> SafetensorsReader.open(dir.resolve("none.safetensors")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("none.safetensors");
    }

    @Test
    void shardedCheckpointFindsTensorsThroughIndex() throws IOException {
        SafetensorsFixture.write(dir.resolve("model-00001-of-00002.safetensors"),
                "{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2);
        SafetensorsFixture.write(dir.resolve("model-00002-of-00002.safetensors"),
                "{\"b\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1);
        Files.writeString(dir.resolve(SafetensorsCheckpoint.INDEX_FILE), "{\"metadata\":{\"total_size\":3},"
                + "\"weight_map\":{\"a\":\"model-00001-of-00002.safetensors\",\"b\":\"model-00002-of-00002.safetensors\"}}");

        try (var checkpoint = SafetensorsCheckpoint.open(dir)) {
            assertThat(checkpoint.names()).containsExactlyInAnyOrder("a", "b");
            assertThat(checkpoint.require("b").file().getFileName().toString())
                    .isEqualTo("model-00002-of-00002.safetensors");
            assertThatThrownBy(() -> checkpoint.require("c"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no tensor 'c'");
        }
    }

    @Test
    void shardedCheckpointRejectsIndexNamingAbsentTensor() throws IOException {
        SafetensorsFixture.write(dir.resolve("s1.safetensors"),
                "{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2);
        Files.writeString(dir.resolve(SafetensorsCheckpoint.INDEX_FILE),
                "{\"weight_map\":{\"a\":\"s1.safetensors\",\"z\":\"s1.safetensors\"}}");

        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'z'");
    }
}
