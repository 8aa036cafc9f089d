package dev.airlock.dto.openai;

/**
 * One entry of {@code GET /v1/models}.
 *
 * @param id the name to send as {@code model}
 * @param object always {@code model}
 * @param created seconds since the epoch
 * @param ownedBy who serves it
 * @param parent the base model of an adapter; omitted for a base model
 */
public record ModelObject(String id, String object, long created, String ownedBy, String parent) {
    public static final String OBJECT = "model";
}
