package dev.airlock.inference.checkpoint;

import java.util.Arrays;
import java.util.Optional;

/** Element types a safetensors header may name, with their size in bytes. */
public enum SafetensorsDtype {
    BOOL(1),
    U8(1),
    I8(1),
    F8_E5M2(1),
    F8_E4M3(1),
    I16(2),
    U16(2),
    F16(2),
    BF16(2),
    I32(4),
    U32(4),
    F32(4),
    F64(8),
    I64(8),
    U64(8);

    private final int sizeBytes;

    SafetensorsDtype(int sizeBytes) {
        this.sizeBytes = sizeBytes;
    }

    /** Returns the size of one element in bytes. */
    public int sizeBytes() {
        return sizeBytes;
    }

    /** Returns the dtype spelled exactly as in a safetensors header ({@code "BF16"}), if known. */
    public static Optional<SafetensorsDtype> fromHeaderName(String name) {
        return Arrays.stream(values())
                .filter(d -> d.name().equals(name))
                .findFirst();
    }
}
