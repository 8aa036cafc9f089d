package dev.airlock.inference.generation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.airlock.inference.tokenizer.Tokenizer;

/**
 * The text of single tokens, decoded once and cached, for log probabilities and constrained
 * decoding. A byte-level token that is only part of a UTF-8 character decodes to U+FFFD; its
 * {@code bytes} are then those of U+FFFD, not the raw bytes (a known gap of the tokenizer API).
 * One per generation; not thread-safe.
 */
final class TokenTexts {
    private final Tokenizer tokenizer;
    private final Map<Integer, String> cache = new HashMap<>();

    TokenTexts(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** Returns the text of token {@code id}, special tokens included. */
    String text(int id) {
        return cache.computeIfAbsent(id, key -> tokenizer.decode(new int[] {key}, false));
    }

    /** Returns the UTF-8 bytes of the token's text as unsigned values. */
    List<Integer> bytes(int id) {
        byte[] raw = text(id).getBytes(StandardCharsets.UTF_8);
        var bytes = new ArrayList<Integer>(raw.length);
        for (byte b : raw) {
            bytes.add(b & 0xff);
        }
        return bytes;
    }
}
