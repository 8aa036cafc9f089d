package dev.airlock.bridge.http;

/** Body of {@code GET /health}: {@code ok} or {@code unavailable}. */
record HealthStatus(String status) {
}
