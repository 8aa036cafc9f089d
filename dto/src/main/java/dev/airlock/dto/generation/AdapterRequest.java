package dev.airlock.dto.generation;

/**
 * Body of {@code POST /internal/v1/adapters/load} and {@code /unload}.
 *
 * @param name the served name of the adapter
 * @param path the adapter folder inside the airlock (load only): absolute, local
 * @param base the base model's served name (load only); null for the only base
 */
public record AdapterRequest(String name, String path, String base) {
}
