package dev.airlock.sdk;

/**
 * One choice's part of a stream chunk.
 *
 * @param index position of the choice the delta belongs to
 * @param delta what this chunk adds; never null (empty when the server sent none)
 * @param finishReason null on every chunk of the choice but its last: {@code stop} or
 *     {@code length}
 */
public record ChatChunkChoice(int index, ChatDelta delta, String finishReason) {
    /** Replaces a null delta with an empty one. */
    public ChatChunkChoice {
        delta = delta == null ? new ChatDelta(null, null) : delta;
    }
}
