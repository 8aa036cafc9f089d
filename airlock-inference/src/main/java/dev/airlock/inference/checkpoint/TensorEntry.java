package dev.airlock.inference.checkpoint;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * One tensor of a safetensors file: its name, element type, shape and byte range.
 *
 * @param file the file that holds the tensor
 * @param name the tensor name from the header
 * @param dtype the element type
 * @param shape the dimensions, row-major; empty for a scalar
 * @param begin the first byte, relative to the end of the header
 * @param end one past the last byte, relative to the end of the header
 */
public record TensorEntry(Path file, String name, SafetensorsDtype dtype, long[] shape, long begin, long end) {
    public TensorEntry {
        shape = shape.clone();
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("tensor '" + name + "' in " + file
                    + " has data_offsets [" + begin + ", " + end + "]; expected 0 <= begin <= end");
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Returns the number of elements (1 for a scalar). */
    public long numel() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Returns the size of the data in bytes. */
    public long sizeBytes() {
        return end - begin;
    }

    /** Returns the shape as {@code [d0, d1]} for messages. */
    public String shapeText() {
        return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TensorEntry e
                && file.equals(e.file) && name.equals(e.name) && dtype == e.dtype
                && Arrays.equals(shape, e.shape) && begin == e.begin && end == e.end;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + shapeText() + " in " + file;
    }
}
