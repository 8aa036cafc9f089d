package dev.airlock.inference.tokenizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The o200k_base rank table as JTokkit's jar ships it: one {@code <base64 bytes> <rank>} line per
 * token, ranks 0..199997 in order (SHA-256 446a9538… per PHI4.md 8).
 */
final class O200kRankTable {
    static final String RESOURCE = "/com/knuddels/jtokkit/o200k_base.tiktoken";

    private final byte[][] tokens;
    private final Map<String, Integer> rankByKey;

    private O200kRankTable(byte[][] tokens) {
        this.tokens = tokens;
        this.rankByKey = HashMap.newHashMap(tokens.length);
        for (int rank = 0; rank < tokens.length; rank++) {
            rankByKey.put(key(tokens[rank]), rank);
        }
    }

    /** Reads the table from the classpath. */
    static O200kRankTable load() {
        try (InputStream in = O200kRankTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + RESOURCE
                        + " is missing; put com.knuddels:jtokkit:1.1.0 on the classpath");
            }
            return new O200kRankTable(parse(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + RESOURCE, e);
        }
    }

    private static byte[][] parse(InputStream in) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
        var decoder = Base64.getDecoder();
        List<byte[]> tokens = new ArrayList<>(200_000);
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                continue;
            }
            int space = line.indexOf(' ');
            int rank = Integer.parseInt(line, space + 1, line.length(), 10);
            if (rank != tokens.size()) {
                throw new IllegalStateException("o200k_base rank " + rank + " found where rank "
                        + tokens.size() + " was expected; the table must list ranks in order");
            }
            tokens.add(decoder.decode(line.substring(0, space)));
        }
        return tokens.toArray(byte[][]::new);
    }

    /** Returns how many ranks the table has (199,998 for o200k_base). */
    int size() {
        return tokens.length;
    }

    /** Returns the bytes of the token of {@code rank}; the caller must not modify them. */
    byte[] bytes(int rank) {
        return tokens[rank];
    }

    /**
     * Returns the length in bytes of the left part of the pair that tiktoken's BPE ends with on
     * the token's own bytes when only merges of lower rank are allowed, or -1 when it does not end
     * in exactly two parts (single bytes). This is how the Xenova/gpt-4o merges were derived
     * (PHI4.md 3.4).
     */
    int mergeSplit(int rank) {
        String whole = key(tokens[rank]);
        if (whole.length() < 2) {
            return -1;
        }
        var bounds = new ArrayList<Integer>(whole.length() + 1);
        for (int i = 0; i <= whole.length(); i++) {
            bounds.add(i);
        }
        while (bounds.size() > 3) {
            int best = -1;
            int bestRank = rank;
            for (int i = 0; i + 2 < bounds.size(); i++) {
                Integer pairRank = rankByKey.get(whole.substring(bounds.get(i), bounds.get(i + 2)));
                if (pairRank != null && pairRank < bestRank) {
                    bestRank = pairRank;
                    best = i;
                }
            }
            if (best < 0) {
                return -1;
            }
            bounds.remove(best + 1);
        }
        return bounds.get(1);
    }

    // One char per byte: a cheap hashable key whose substrings are byte ranges.
    private static String key(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
