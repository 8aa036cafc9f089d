package dev.airlock.bridge.config;

import java.util.Map;

/**
 * One entry of {@code models}: a base model and its adapters, as the airlock should load them.
 *
 * @param name the served name (the {@code model} clients send)
 * @param path the checkpoint directory, as written (variables such as {@code ${AIRLOCK_CACHE}}
 *     are left for the launcher to expand)
 * @param adapters adapter served name to adapter directory
 * @param device e.g. {@code cpu}, or null for the default
 * @param dtype e.g. {@code float32}, or null for the default
 * @param maxConcurrentPerAdapter how many generations may run at once per adapter, or null
 */
public record ModelEntry(
        String name,
        String path,
        Map<String, String> adapters,
        String device,
        String dtype,
        Integer maxConcurrentPerAdapter) {
    public ModelEntry {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name is required");
        }
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("path is required");
        }
        adapters = adapters == null ? Map.of() : Map.copyOf(adapters);
    }
}
