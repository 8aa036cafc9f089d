package dev.airlock.inference.checkpoint;

/**
 * How {@link RandomCheckpoint} fills a checkpoint.
 *
 * @param seed the seed every tensor's values derive from, together with the tensor's name
 * @param dtype {@link SafetensorsDtype#F32} or {@link SafetensorsDtype#BF16}
 * @param loraRank the rank of a PEFT adapter written beside the model, 0 for none
 */
public record RandomCheckpointOptions(long seed, SafetensorsDtype dtype, int loraRank) {
    public RandomCheckpointOptions {
        if (dtype != SafetensorsDtype.F32 && dtype != SafetensorsDtype.BF16) {
            throw new IllegalArgumentException("dtype must be F32 or BF16, found " + dtype);
        }
        if (loraRank < 0) {
            throw new IllegalArgumentException("loraRank must be 0 (no adapter) or positive, found " + loraRank);
        }
    }

    /** F32, no adapter, with {@code seed}. */
    public static RandomCheckpointOptions of(long seed) {
        return new RandomCheckpointOptions(seed, SafetensorsDtype.F32, 0);
    }
}
