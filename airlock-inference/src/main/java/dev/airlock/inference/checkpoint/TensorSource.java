package dev.airlock.inference.checkpoint;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;

/** Named tensors whose bytes can be mapped from disk: one safetensors file or a sharded checkpoint. */
public interface TensorSource extends AutoCloseable {
    /** Returns the names of all tensors. */
    Set<String> names();

    /** Returns the tensor called {@code name}, if present. */
    Optional<TensorEntry> find(String name);

    /**
     * Maps {@code length} bytes of a tensor's data starting {@code offset} bytes into it.
     *
     * @return a read-only little-endian buffer, valid while this source is open
     * @throws java.io.UncheckedIOException naming the file when the mapping fails
     */
    ByteBuffer map(TensorEntry entry, long offset, int length);

    /** Returns a description for messages (the file or folder). */
    String description();

    /** Returns the tensor called {@code name}, or throws naming the source and the tensor. */
    default TensorEntry require(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                description() + " has no tensor '" + name + "'; the checkpoint is incomplete or not Phi-3"));
    }

    @Override
    void close();
}
