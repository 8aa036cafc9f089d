package dev.airlock.bridge.http;

/** Body of {@code GET /health}: {@code ok} or {@code unavailable} (public for JSON-B). */
public record HealthStatus(String status) {
}
