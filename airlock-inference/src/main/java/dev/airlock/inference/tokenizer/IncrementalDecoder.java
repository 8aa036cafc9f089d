package dev.airlock.inference.tokenizer;

import java.util.Arrays;

/**
 * Decodes a generation one token at a time without ever emitting half a UTF-8 character. It
 * re-decodes a short window of the latest ids and emits only the suffix that is new and does not
 * end in U+FFFD, which is what an incomplete byte sequence decodes to. Not thread-safe.
 */
public final class IncrementalDecoder {
    private static final char REPLACEMENT = '\uFFFD';

    private final Tokenizer tokenizer;
    private final boolean skipSpecialTokens;
    private int[] window = new int[16];
    private int size;
    // Ids [0, readOffset) of the window are emitted; [0, prefixOffset) only give context.
    private int prefixOffset;
    private int readOffset;

    /** Creates a decoder over {@code tokenizer}'s decode. */
    public IncrementalDecoder(Tokenizer tokenizer, boolean skipSpecialTokens) {
        this.tokenizer = tokenizer;
        this.skipSpecialTokens = skipSpecialTokens;
    }

    /** Adds one generated id and returns the text it completes, often empty. */
    public String push(int id) {
        if (size == window.length) {
            window = Arrays.copyOf(window, size * 2);
        }
        window[size++] = id;
        String emitted = decode(prefixOffset, readOffset);
        String text = decode(prefixOffset, size);
        if (text.length() <= emitted.length() || text.charAt(text.length() - 1) == REPLACEMENT) {
            return "";
        }
        advance();
        return text.substring(emitted.length());
    }

    /** Returns whatever is still held back (an incomplete character decodes to U+FFFD). */
    public String flush() {
        String emitted = decode(prefixOffset, readOffset);
        String text = decode(prefixOffset, size);
        advance();
        return text.length() > emitted.length() ? text.substring(emitted.length()) : "";
    }

    private void advance() {
        // Keep the ids read last as context for the next window; drop what came before them.
        System.arraycopy(window, readOffset, window, 0, size - readOffset);
        size -= readOffset;
        prefixOffset = 0;
        readOffset = size;
    }

    private String decode(int from, int to) {
        return from == to ? "" : tokenizer.decode(Arrays.copyOfRange(window, from, to), skipSpecialTokens);
    }
}
