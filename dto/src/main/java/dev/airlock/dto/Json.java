package dev.airlock.dto;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;

/** The one JSON-B instance of the project: snake_case names, nulls omitted unless a field says otherwise. */
public final class Json {
    private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig()
            .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES)
            .withNullValues(false));

    private Json() {
    }

    /** Returns the shared, thread-safe JSON-B instance. */
    public static Jsonb jsonb() {
        return JSONB;
    }

    /** Serializes a value to JSON text. */
    public static String write(Object value) {
        return JSONB.toJson(value);
    }

    /**
     * Parses JSON text into a record of ours.
     *
     * @throws jakarta.json.bind.JsonbException when the text is not valid JSON for the type
     */
    public static <T> T read(String json, Class<T> type) {
        return JSONB.fromJson(json, type);
    }
}
