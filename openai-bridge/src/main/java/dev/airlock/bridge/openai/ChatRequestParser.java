package dev.airlock.bridge.openai;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;

import dev.airlock.dto.openai.ChatCompletionRequest;
import dev.airlock.dto.openai.ChatMessage;
import dev.airlock.dto.openai.CompletionRequest;
import dev.airlock.dto.openai.StreamOptions;

/**
 * Reads the JSON text of a chat completion request into a {@link ChatCompletionRequest},
 * checking the JSON type of every field it knows; unknown fields are ignored. Ranges and
 * support are checked later by {@link ChatRequestValidator}. Thread-safe.
 */
public final class ChatRequestParser {
    /** Deeper than any chat request needs; bounds the work a hostile body can cause. */
    static final int MAX_DEPTH = 64;

    private static final BigDecimal MAX_MAGNITUDE = new BigDecimal("1e300");
    private static final BigDecimal INT_MIN = BigDecimal.valueOf(Integer.MIN_VALUE);
    private static final BigDecimal INT_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final JsonReaderFactory READERS = jakarta.json.Json.createReaderFactory(Map.of(
            "org.eclipse.parsson.maxDepth", MAX_DEPTH,
            "org.eclipse.parsson.rejectDuplicateKeys", true));

    /**
     * Parses {@code body}.
     *
     * @throws InvalidRequest with a null param when the body is not a JSON object, or naming the
     *     field whose JSON type is wrong
     */
    public ChatCompletionRequest parse(String body) {
        JsonObject root = readObject(body);
        return new ChatCompletionRequest(
                string(root, "model", "model"),
                messages(root),
                integer(root, "max_tokens"),
                integer(root, "max_completion_tokens"),
                number(root, "temperature"),
                number(root, "top_p"),
                integer(root, "n"),
                value(root, "stop"),
                longInteger(root, "seed"),
                bool(root, "stream", "stream"),
                streamOptions(root),
                number(root, "presence_penalty"),
                number(root, "frequency_penalty"),
                value(root, "logit_bias"),
                bool(root, "logprobs", "logprobs"),
                integer(root, "top_logprobs"),
                string(root, "user", "user"),
                value(root, "tools"),
                value(root, "tool_choice"),
                value(root, "response_format"),
                integer(root, "top_k"),
                number(root, "min_p"),
                number(root, "repetition_penalty"));
    }

    /**
     * Parses the body of {@code POST /v1/completions}.
     *
     * @throws InvalidRequest as {@link #parse}
     */
    public CompletionRequest parseCompletion(String body) {
        JsonObject root = readObject(body);
        return new CompletionRequest(
                string(root, "model", "model"),
                value(root, "prompt"),
                integer(root, "max_tokens"),
                number(root, "temperature"),
                number(root, "top_p"),
                integer(root, "n"),
                value(root, "stop"),
                longInteger(root, "seed"),
                bool(root, "stream", "stream"),
                streamOptions(root),
                number(root, "presence_penalty"),
                number(root, "frequency_penalty"),
                value(root, "logit_bias"),
                integer(root, "logprobs"),
                bool(root, "echo", "echo"),
                string(root, "suffix", "suffix"),
                integer(root, "best_of"),
                string(root, "user", "user"),
                integer(root, "top_k"),
                number(root, "min_p"),
                number(root, "repetition_penalty"));
    }

    /**
     * Parses a body that must be one JSON object, with the same limits (depth, duplicate keys).
     *
     * @throws InvalidRequest with a null param when it is not
     */
    public JsonObject parseObject(String body) {
        return readObject(body);
    }

    /** Returns the string at {@code key}, null when absent, or throws naming it. */
    public static String optionalString(JsonObject object, String key) {
        return string(object, key, key);
    }

    /** Returns the 32-bit integer at {@code key}, null when absent, or throws naming it. */
    public static Integer optionalInteger(JsonObject object, String key) {
        return integer(object, key);
    }

    private static JsonObject readObject(String body) {
        JsonValue value;
        try (JsonReader reader = READERS.createReader(new StringReader(body))) {
            value = reader.readValue();
        } catch (JsonParsingException e) {
            throw new InvalidRequest("The request body is not valid JSON (" + describe(e)
                    + "); send one JSON object.", null);
        } catch (JsonException | IllegalStateException | NumberFormatException e) {
            throw new InvalidRequest("The request body is not valid JSON; send one JSON object.", null);
        } catch (RuntimeException e) {
            // Parsson reports nesting beyond maxDepth as a bare RuntimeException.
            throw new InvalidRequest("The request body is not valid JSON or nests deeper than " + MAX_DEPTH
                    + " levels; send one JSON object.", null);
        }
        if (!(value instanceof JsonObject object)) {
            throw new InvalidRequest("The request body must be a JSON object, got "
                    + typeName(value) + ".", null);
        }
        return object;
    }

    private static String describe(JsonParsingException e) {
        var location = e.getLocation();
        if (location == null) {
            return "malformed";
        }
        return "malformed at line " + location.getLineNumber() + ", column " + location.getColumnNumber();
    }

    private static List<ChatMessage> messages(JsonObject root) {
        JsonValue value = present(root, "messages");
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonArray array)) {
            throw wrongType("messages", "an array of message objects", value);
        }
        var messages = new ArrayList<ChatMessage>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String path = "messages[" + i + "]";
            if (!(array.get(i) instanceof JsonObject message)) {
                throw wrongType(path, "a message object", array.get(i));
            }
            messages.add(message(message, path));
        }
        return messages;
    }

    private static ChatMessage message(JsonObject message, String path) {
        JsonValue content = present(message, "content");
        if (content != null && !(content instanceof JsonString) && !(content instanceof JsonArray)) {
            throw wrongType(path + ".content", "a string or an array of content parts", content);
        }
        return new ChatMessage(
                string(message, "role", path + ".role"),
                content,
                string(message, "name", path + ".name"),
                present(message, "tool_calls"),
                string(message, "tool_call_id", path + ".tool_call_id"));
    }

    private static StreamOptions streamOptions(JsonObject root) {
        JsonValue value = present(root, "stream_options");
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonObject options)) {
            throw wrongType("stream_options", "an object", value);
        }
        return new StreamOptions(bool(options, "include_usage", "stream_options.include_usage"));
    }

    /** Returns the value of {@code key}, or null when it is absent or JSON null. */
    private static JsonValue present(JsonObject object, String key) {
        JsonValue value = object.get(key);
        return value == null || value.getValueType() == JsonValue.ValueType.NULL ? null : value;
    }

    private static JsonValue value(JsonObject object, String key) {
        return present(object, key);
    }

    private static String string(JsonObject object, String key, String path) {
        JsonValue value = present(object, key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonString string)) {
            throw wrongType(path, "a string", value);
        }
        return string.getString();
    }

    private static Boolean bool(JsonObject object, String key, String path) {
        JsonValue value = present(object, key);
        if (value == null) {
            return null;
        }
        return switch (value.getValueType()) {
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            default -> throw wrongType(path, "a boolean", value);
        };
    }

    private static Double number(JsonObject object, String key) {
        BigDecimal decimal = decimal(object, key, "a number");
        if (decimal == null) {
            return null;
        }
        if (decimal.abs().compareTo(MAX_MAGNITUDE) > 0) {
            throw new InvalidRequest(key + " is out of range; send a number of magnitude up to 1e300.", key);
        }
        return decimal.doubleValue();
    }

    private static Integer integer(JsonObject object, String key) {
        BigDecimal decimal = integral(object, key, INT_MIN, INT_MAX);
        return decimal == null ? null : decimal.intValue();
    }

    private static Long longInteger(JsonObject object, String key) {
        BigDecimal decimal = integral(object, key, LONG_MIN, LONG_MAX);
        return decimal == null ? null : decimal.longValue();
    }

    private static BigDecimal integral(JsonObject object, String key, BigDecimal min, BigDecimal max) {
        BigDecimal decimal = decimal(object, key, "an integer");
        if (decimal == null) {
            return null;
        }
        // Compare before any exact conversion: 1e999999 must not be expanded to its digits.
        if (decimal.compareTo(min) < 0 || decimal.compareTo(max) > 0) {
            throw new InvalidRequest(key + " is out of range; send an integer from " + min + " to " + max + ".",
                    key);
        }
        if (decimal.signum() != 0 && decimal.stripTrailingZeros().scale() > 0) {
            throw new InvalidRequest(key + " must be an integer, got a fractional number.", key);
        }
        return decimal;
    }

    private static BigDecimal decimal(JsonObject object, String key, String expected) {
        JsonValue value = present(object, key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonNumber number)) {
            throw wrongType(key, expected, value);
        }
        return number.bigDecimalValue();
    }

    private static InvalidRequest wrongType(String path, String expected, JsonValue value) {
        return new InvalidRequest(path + " must be " + expected + ", got " + typeName(value) + ".", path,
                "invalid_type");
    }

    static String typeName(JsonValue value) {
        if (value == null) {
            return "nothing";
        }
        return switch (value.getValueType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case TRUE, FALSE -> "a boolean";
            case NULL -> "null";
        };
    }
}
