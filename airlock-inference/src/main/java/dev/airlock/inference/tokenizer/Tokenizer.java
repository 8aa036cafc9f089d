package dev.airlock.inference.tokenizer;

import java.nio.file.Path;

/**
 * Turns text into token ids and back. Implementations are safe for concurrent use; close releases
 * native memory and may be called twice.
 */
public interface Tokenizer extends AutoCloseable {
    /**
     * Loads the tokenizer of a checkpoint folder (its {@code tokenizer.json}) or of a
     * {@code tokenizer.json} file, offline.
     */
    static Tokenizer load(Path checkpoint) {
        return DjlTokenizer.load(checkpoint);
    }

    /** Returns the ids of {@code text}; added tokens written in the text become their single ids. */
    int[] encode(String text);

    /** Returns the text of {@code ids}, special tokens included; unknown ids decode to nothing. */
    default String decode(int[] ids) {
        return decode(ids, false);
    }

    /** Returns the text of {@code ids}, without special tokens when {@code skipSpecialTokens}. */
    String decode(int[] ids, boolean skipSpecialTokens);

    /**
     * Returns a decoder for one generation's tokens that skips special tokens (tool tokens are not
     * special and stay). The decoder is not thread-safe.
     */
    default IncrementalDecoder incrementalDecoder() {
        return new IncrementalDecoder(this, true);
    }

    @Override
    void close();
}
