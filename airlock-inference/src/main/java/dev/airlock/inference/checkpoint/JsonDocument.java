package dev.airlock.inference.checkpoint;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * A JSON object read from a checkpoint file, with typed field access whose errors name the file
 * and the field.
 *
 * @param source the file it came from, for messages
 * @param object the parsed object
 */
public record JsonDocument(Path source, JsonObject object) {
    /**
     * Reads {@code file} as a JSON object.
     *
     * @throws UncheckedIOException when the file is missing or unreadable
     * @throws IllegalArgumentException when it is not a JSON object
     */
    public static JsonDocument read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("missing file " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        try (var reader = Json.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new IllegalArgumentException(file + " must hold a JSON object, found " + value.getValueType());
            }
            return new JsonDocument(file, value.asJsonObject());
        } catch (JsonException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Returns whether the field is present and not JSON null. */
    public boolean has(String field) {
        return object.containsKey(field) && !object.isNull(field);
    }

    /** Returns a required integer field. */
    public int requireInt(String field) {
        return optionalInt(field).orElseThrow(() -> missing(field, "an integer"));
    }

    /** Returns an integer field, empty when absent or null. */
    public Optional<Integer> optionalInt(String field) {
        if (!has(field)) {
            return Optional.empty();
        }
        if (!(object.get(field) instanceof JsonNumber n) || !n.isIntegral()) {
            throw wrongType(field, "an integer");
        }
        try {
            return Optional.of(n.intValueExact());
        } catch (ArithmeticException e) {
            throw wrongType(field, "an integer within 32 bits");
        }
    }

    /** Returns a number field, empty when absent or null. */
    public Optional<Double> optionalDouble(String field) {
        if (!has(field)) {
            return Optional.empty();
        }
        if (!(object.get(field) instanceof JsonNumber n)) {
            throw wrongType(field, "a number");
        }
        return Optional.of(n.doubleValue());
    }

    /** Returns a boolean field, empty when absent or null. */
    public Optional<Boolean> optionalBoolean(String field) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonValue value = object.get(field);
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return Optional.of(value == JsonValue.TRUE);
        }
        throw wrongType(field, "true or false");
    }

    /** Returns a string field, empty when absent or null. */
    public Optional<String> optionalString(String field) {
        if (!has(field)) {
            return Optional.empty();
        }
        if (!(object.get(field) instanceof JsonString s)) {
            throw wrongType(field, "a string");
        }
        return Optional.of(s.getString());
    }

    /** Returns a field that is one integer or a list of integers; empty when absent or null. */
    public List<Integer> intOrIntList(String field) {
        if (!has(field)) {
            return List.of();
        }
        JsonValue value = object.get(field);
        if (value instanceof JsonNumber) {
            return List.of(requireInt(field));
        }
        if (!(value instanceof JsonArray array)) {
            throw wrongType(field, "an integer or a list of integers");
        }
        var ids = new ArrayList<Integer>();
        for (JsonValue item : array) {
            if (!(item instanceof JsonNumber n) || !n.isIntegral()) {
                throw wrongType(field, "a list of integers");
            }
            ids.add(n.intValueExact());
        }
        return List.copyOf(ids);
    }

    /** Returns a list of numbers, empty when absent or null. */
    public double[] doubleList(String field) {
        if (!has(field)) {
            return new double[0];
        }
        if (!(object.get(field) instanceof JsonArray array)) {
            throw wrongType(field, "a list of numbers");
        }
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            if (!(array.get(i) instanceof JsonNumber n)) {
                throw wrongType(field, "a list of numbers");
            }
            values[i] = n.doubleValue();
        }
        return values;
    }

    /** Returns a list of strings, empty when absent or null. */
    public List<String> stringList(String field) {
        if (!has(field)) {
            return List.of();
        }
        if (!(object.get(field) instanceof JsonArray array)) {
            throw wrongType(field, "a list of strings");
        }
        var values = new ArrayList<String>();
        for (JsonValue item : array) {
            if (!(item instanceof JsonString s)) {
                throw wrongType(field, "a list of strings");
            }
            values.add(s.getString());
        }
        return List.copyOf(values);
    }

    /** Returns a nested object, empty when absent or null. */
    public Optional<JsonDocument> optionalObject(String field) {
        if (!has(field)) {
            return Optional.empty();
        }
        if (!(object.get(field) instanceof JsonObject nested)) {
            throw wrongType(field, "an object");
        }
        return Optional.of(new JsonDocument(source, nested));
    }

    /** Returns the raw value of a field, empty when absent or null. */
    public Optional<JsonValue> value(String field) {
        return has(field) ? Optional.of(object.get(field)) : Optional.empty();
    }

    private IllegalArgumentException missing(String field, String expected) {
        return new IllegalArgumentException(source + ": field '" + field + "' is missing; expected " + expected);
    }

    private IllegalArgumentException wrongType(String field, String expected) {
        return new IllegalArgumentException(source + ": field '" + field + "' must be " + expected
                + ", found " + object.get(field));
    }
}
