package dev.airlock.inference.model;

/**
 * One row of a batched forward: append {@code tokens} to {@code sequence}.
 *
 * @param sequence a sequence of the model running the forward
 * @param tokens the new token ids, at least one
 */
public record BatchEntry(Sequence sequence, int[] tokens) {
    public BatchEntry {
        if (sequence == null) {
            throw new IllegalArgumentException("sequence must not be null");
        }
        if (tokens == null || tokens.length == 0) {
            throw new IllegalArgumentException("tokens must hold at least one id");
        }
        tokens = tokens.clone();
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }
}
