package dev.airlock.dto.generation;

/**
 * A model the inference server serves.
 *
 * @param id the served name
 * @param parent the base model's served name for an adapter, null for a base
 * @param created load time in seconds since the epoch
 * @param contextLength the most tokens prompt and completion may take together
 */
public record ModelInfo(String id, String parent, long created, int contextLength) {
}
