package dev.airlock.inference.tokenizer;

/**
 * GPT-2's byte-level alphabet ({@code bytes_to_unicode}): each byte maps to one printable
 * character, so byte strings can be vocabulary keys in {@code tokenizer.json}.
 */
final class ByteLevelAlphabet {
    private static final char[] CHAR_OF_BYTE = buildTable();

    private ByteLevelAlphabet() {
    }

    /** Returns the vocabulary string of a token's bytes. */
    static String encode(byte[] bytes) {
        var text = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            text[i] = CHAR_OF_BYTE[bytes[i] & 0xFF];
        }
        return new String(text);
    }

    private static char[] buildTable() {
        var table = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            table[b] = printable ? (char) b : (char) next++;
        }
        return table;
    }
}
