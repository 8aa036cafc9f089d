package dev.airlock.bridge.http;

import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonObject;

/** Splits a server-sent event body into its {@code data} payloads, checking the framing. */
final class SseEvents {
    private SseEvents() {
    }

    /** Returns each event's data; fails on a line that is not {@code data:}. */
    static List<String> data(String body) {
        var events = new ArrayList<String>();
        for (String block : body.split("\n\n")) {
            if (block.isBlank()) {
                continue;
            }
            String[] lines = block.split("\n");
            if (lines.length != 1 || !lines[0].startsWith("data:")) {
                throw new AssertionError("expected one data: line per event, got: " + block);
            }
            events.add(lines[0].substring("data:".length()).strip());
        }
        return events;
    }

    static JsonObject json(String data) {
        try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(data))) {
            return reader.readObject();
        }
    }
}
