package dev.airlock.inference.checkpoint;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;

/**
 * Writes a safetensors file (PHI4.md 7) from F32 or BF16 tensors whose values are produced while
 * writing, so a large checkpoint never sits in memory. As the reference writer does, tensors are
 * ordered by descending element size, then by name, and the header is padded with spaces so the
 * data starts 8-byte aligned.
 */
public final class SafetensorsWriter {
    private static final int CHUNK_BYTES = 1 << 16;

    private SafetensorsWriter() {
    }

    /** Produces a tensor's values in row-major order, one call per element. */
    @FunctionalInterface
    public interface Values {
        /** Returns the next element. */
        float next();
    }

    /**
     * One tensor to write. Its values are consumed by the write, so a tensor is written once.
     *
     * @param name the checkpoint key
     * @param dtype {@link SafetensorsDtype#F32} or {@link SafetensorsDtype#BF16}; values are rounded to it
     * @param shape dimensions, outermost first; empty for a scalar
     * @param values called exactly {@code numel} times, in the order the file stores the elements
     */
    public record Tensor(String name, SafetensorsDtype dtype, long[] shape, Values values) {
        public Tensor {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("tensor name is required");
            }
            if (dtype != SafetensorsDtype.F32 && dtype != SafetensorsDtype.BF16) {
                throw new IllegalArgumentException("tensor " + name + ": dtype " + dtype
                        + " cannot be written; use F32 or BF16");
            }
            shape = shape.clone();
            for (long dim : shape) {
                if (dim < 0) {
                    throw new IllegalArgumentException("tensor " + name + ": shape " + Arrays.toString(shape)
                            + " has a negative dimension");
                }
            }
        }

        /** A tensor holding {@code data}, whose length must match the shape. */
        public static Tensor of(String name, SafetensorsDtype dtype, long[] shape, float[] data) {
            long numel = Arrays.stream(shape).reduce(1, Math::multiplyExact);
            if (numel != data.length) {
                throw new IllegalArgumentException("tensor " + name + ": shape " + Arrays.toString(shape)
                        + " holds " + numel + " elements but " + data.length + " were given");
            }
            int[] next = {0};
            return new Tensor(name, dtype, shape, () -> data[next[0]++]);
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        /** Returns the number of elements. */
        public long numel() {
            return Arrays.stream(shape).reduce(1, Math::multiplyExact);
        }

        long sizeBytes() {
            return Math.multiplyExact(numel(), dtype.sizeBytes());
        }
    }

    /**
     * Writes {@code tensors} to {@code file}, replacing it.
     *
     * @param metadata the {@code __metadata__} strings, e.g. {@code {"format": "pt"}}; may be empty
     * @throws IllegalArgumentException when two tensors share a name
     * @throws UncheckedIOException naming the file when writing fails
     */
    public static void write(Path file, List<Tensor> tensors, Map<String, String> metadata) {
        List<Tensor> ordered = tensors.stream()
                .sorted(Comparator.comparingInt((Tensor t) -> -t.dtype().sizeBytes()).thenComparing(Tensor::name))
                .toList();
        var names = new HashSet<String>();
        for (Tensor tensor : ordered) {
            if (!names.add(tensor.name())) {
                throw new IllegalArgumentException("tensor name " + tensor.name() + " appears twice in " + file);
            }
        }
        byte[] header = header(ordered, metadata);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), CHUNK_BYTES)) {
            var buffer = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            buffer.putLong(header.length);
            out.write(buffer.array(), 0, Long.BYTES);
            buffer.clear();
            out.write(header);
            for (Tensor tensor : ordered) {
                writeData(out, buffer, tensor);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static byte[] header(List<Tensor> ordered, Map<String, String> metadata) {
        var text = new StringWriter();
        try (JsonGenerator json = Json.createGenerator(text)) {
            json.writeStartObject();
            if (!metadata.isEmpty()) {
                json.writeStartObject("__metadata__");
                new TreeMap<>(metadata).forEach(json::write);
                json.writeEnd();
            }
            long offset = 0;
            for (Tensor tensor : ordered) {
                json.writeStartObject(tensor.name()).write("dtype", tensor.dtype().name());
                json.writeStartArray("shape");
                for (long dim : tensor.shape) {
                    json.write(dim);
                }
                json.writeEnd();
                long end = offset + tensor.sizeBytes();
                json.writeStartArray("data_offsets").write(offset).write(end).writeEnd();
                json.writeEnd();
                offset = end;
            }
            json.writeEnd();
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (bytes.length + 7) / 8 * 8;
        byte[] header = Arrays.copyOf(bytes, padded);
        Arrays.fill(header, bytes.length, padded, (byte) ' ');
        return header;
    }

    private static void writeData(OutputStream out, ByteBuffer buffer, Tensor tensor) throws IOException {
        long numel = tensor.numel();
        boolean bf16 = tensor.dtype() == SafetensorsDtype.BF16;
        for (long i = 0; i < numel; i++) {
            if (buffer.remaining() < Float.BYTES) {
                out.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            float value = tensor.values().next();
            if (bf16) {
                buffer.putShort(toBfloat16(value));
            } else {
                buffer.putFloat(value);
            }
        }
        out.write(buffer.array(), 0, buffer.position());
        buffer.clear();
    }

    /** Rounds a float to bfloat16 bits, to nearest with ties to even, keeping NaN a NaN. */
    static short toBfloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
        return (short) (rounded >>> 16);
    }
}
