package dev.airlock.inference.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.airlock.inference.kvcache.KvCache;
import dev.airlock.inference.lora.LoraAdapter;

/**
 * One token sequence of a {@link Phi3Model} with its KV cache and optional LoRA adapter.
 * {@link #prefill(int[])} appends a prompt in one forward; {@link #decode(int)} appends one
 * token. Both return the logits for the next token. Use it on the model's engine thread;
 * {@link #close()} frees the cache (safe twice) but not the adapter, which the caller owns.
 */
public final class Sequence implements AutoCloseable {
    private final Phi3Model model;
    private final LoraAdapter adapter;
    private final KvCache cache;
    private int[] tokens = new int[16];
    private int length;
    private boolean cacheUsesLongFactors;
    private boolean closed;

    Sequence(Phi3Model model, LoraAdapter adapter, KvCache cache) {
        this.model = model;
        this.adapter = adapter;
        this.cache = cache;
    }

    /**
     * Appends {@code promptTokens} (one forward pass) and returns the next-token logits {@code [vocabSize]}.
     *
     * Like transformers, it does not stop at {@code max_position_embeddings}; callers enforce the context.
     *
     * @throws IllegalArgumentException for an empty prompt or ids outside the vocabulary
     */
    public float[] prefill(int[] promptTokens) {
        return model.forward(List.of(new BatchEntry(this, promptTokens))).getFirst();
    }

    /** Appends one token and returns the next-token logits {@code [vocabSize]}. */
    public float[] decode(int token) {
        return model.forward(List.of(new BatchEntry(this, new int[] {token}))).getFirst();
    }

    /** Returns the number of tokens in the sequence. */
    public int length() {
        return length;
    }

    /** Returns a copy of the tokens so far. */
    public int[] tokens() {
        return Arrays.copyOf(tokens, length);
    }

    /** Returns the adapter this sequence runs with, if any. */
    public Optional<LoraAdapter> adapter() {
        return Optional.ofNullable(adapter);
    }

    /** Returns the model this sequence belongs to. */
    public Phi3Model model() {
        return model;
    }

    LoraAdapter adapterOrNull() {
        return adapter;
    }

    KvCache cache() {
        return cache;
    }

    boolean cacheUsesLongFactors() {
        return cacheUsesLongFactors;
    }

    void cacheUsesLongFactors(boolean value) {
        cacheUsesLongFactors = value;
    }

    void append(int[] newTokens) {
        if (length + newTokens.length > tokens.length) {
            tokens = Arrays.copyOf(tokens, Math.max(tokens.length * 2, length + newTokens.length));
        }
        System.arraycopy(newTokens, 0, tokens, length, newTokens.length);
        length += newTokens.length;
    }

    /** Returns the tokens of positions {@code from .. length}. */
    int[] tokensFrom(int from) {
        return Arrays.copyOfRange(tokens, from, length);
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            cache.close();
        }
    }
}
