package dev.airlock.sdk;

/**
 * One model the server serves, a base model or a LoRA adapter on one.
 *
 * @param id the name to send as {@code model}
 * @param created seconds since the epoch
 * @param ownedBy who serves it, or null
 * @param parent the base model of an adapter; null for a base model
 */
public record ModelInfo(String id, long created, String ownedBy, String parent) {
    /**
     * Validates the id.
     *
     * @throws IllegalArgumentException when {@code id} is null or blank
     */
    public ModelInfo {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("model id must not be blank");
        }
    }
}
