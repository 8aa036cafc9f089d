package dev.airlock.inference.kvcache;

import dev.airlock.inference.torch.Placement;
import dev.airlock.inference.torch.TorchTensor;

/**
 * Rotated keys and values of one sequence for every layer, {@code [kvHeads, capacity, headDim]}
 * each, in the model's placement. Capacity doubles as the sequence grows. Owned by one sequence; not thread-safe.
 */
public final class KvCache implements AutoCloseable {
    private static final int MIN_CAPACITY = 64;

    private final int layers;
    private final int kvHeads;
    private final int headDim;
    private final Placement placement;
    private final TorchTensor[] keys;
    private final TorchTensor[] values;
    private int capacity;
    private int length;
    private boolean closed;

    /** An empty float32 CPU cache; storage is allocated on first use. */
    public KvCache(int layers, int kvHeads, int headDim) {
        this(layers, kvHeads, headDim, Placement.CPU_FLOAT32);
    }

    /** An empty cache on {@code placement}'s device and dtype; storage is allocated on first use. */
    public KvCache(int layers, int kvHeads, int headDim, Placement placement) {
        this.placement = placement;
        this.layers = layers;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.keys = new TorchTensor[layers];
        this.values = new TorchTensor[layers];
    }

    /** Returns the number of cached positions. */
    public int length() {
        return length;
    }

    /** Returns the allocated positions per layer. */
    public int capacity() {
        return capacity;
    }

    /**
     * Makes room for {@code total} positions, copying what is cached. Call inside a step scope.
     */
    public void reserve(int total) {
        checkOpen();
        if (total <= capacity) {
            return;
        }
        int grown = Math.max(MIN_CAPACITY, capacity);
        while (grown < total) {
            grown = Math.multiplyExact(grown, 2);
        }
        for (int layer = 0; layer < layers; layer++) {
            keys[layer] = grow(keys[layer], grown);
            values[layer] = grow(values[layer], grown);
        }
        capacity = grown;
    }

    private TorchTensor grow(TorchTensor old, int grown) {
        TorchTensor fresh = TorchTensor.zeros(placement, kvHeads, grown, headDim).retain();
        if (old != null) {
            if (length > 0) {
                fresh.narrow(1, 0, length).copyFrom(old.narrow(1, 0, length));
            }
            old.close();
        }
        return fresh;
    }

    /**
     * Writes {@code k, v [kvHeads, t, headDim]} at positions {@code length .. length + t} of
     * {@code layer} and returns the keys and values of all {@code length + t} positions (views).
     * {@link #advance(int)} moves the length once every layer has written.
     */
    public TorchTensor[] write(int layer, TorchTensor k, TorchTensor v) {
        checkOpen();
        int t = (int) k.size(1);
        if (length + t > capacity) {
            throw new IllegalStateException("kv cache of capacity " + capacity + " cannot take " + t
                    + " positions after " + length + "; call reserve first");
        }
        keys[layer].narrow(1, length, t).copyFrom(k);
        values[layer].narrow(1, length, t).copyFrom(v);
        return new TorchTensor[] {keys[layer].narrow(1, 0, length + t), values[layer].narrow(1, 0, length + t)};
    }

    /** Counts {@code t} more positions as cached. */
    public void advance(int t) {
        length += t;
    }

    /** Forgets every position, keeping the storage. */
    public void clear() {
        length = 0;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("kv cache is closed");
        }
    }

    /** Frees the storage; safe to call twice. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int layer = 0; layer < layers; layer++) {
            if (keys[layer] != null) {
                keys[layer].close();
                values[layer].close();
            }
        }
    }
}
