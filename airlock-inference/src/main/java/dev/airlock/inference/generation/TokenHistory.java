package dev.airlock.inference.generation;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The tokens one choice has seen: its prompt, and how often it generated each token. Not thread-safe. */
public final class TokenHistory {
    private final Set<Integer> prompt = new HashSet<>();
    private final Map<Integer, Integer> generated = new HashMap<>();

    public TokenHistory(int[] promptIds) {
        for (int id : promptIds) {
            prompt.add(id);
        }
    }

    /** Records one generated token. */
    public void add(int token) {
        generated.merge(token, 1, Integer::sum);
    }

    /** Returns every distinct id of the prompt. */
    Set<Integer> promptIds() {
        return prompt;
    }

    /** Returns how often each generated id occurred. */
    Map<Integer, Integer> generatedCounts() {
        return generated;
    }
}
