package dev.airlock.sdk;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

/**
 * Reads OpenAI-shaped response bodies into the SDK's records. Lenient where OpenAI-compatible
 * servers differ (absent or null fields, unknown fields); strict about types, so a body of the
 * wrong shape becomes a {@link ServerException} with code {@code invalid_response}.
 */
final class ResponseDecoder {
    static final String INVALID_RESPONSE = "invalid_response";
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final int MAX_QUOTED_CHARS = 200;

    private ResponseDecoder() {
    }

    /**
     * Parses {@code body} as a JSON object and maps it.
     *
     * @throws ServerException when the body is not JSON or not of the shape {@code mapper} expects
     */
    static <T> T decode(String body, int status, String source, Function<JsonObject, T> mapper) {
        try {
            return mapper.apply(parseObject(body));
        } catch (JsonException | ClassCastException | IllegalArgumentException | ArithmeticException e) {
            throw new ServerException(new ErrorInfo(status, null, null, INVALID_RESPONSE,
                    "the response is not the OpenAI JSON expected (" + e.getMessage() + "); body starts "
                            + quote(body) + "; is baseUrl an Airlock or OpenAI-compatible server?",
                    null, source), e);
        }
    }

    /**
     * Parses JSON text that must be an object.
     *
     * @throws JsonException when it is not valid JSON or not an object
     */
    static JsonObject parseObject(String text) {
        try (var reader = JSON.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    static ChatCompletion chatCompletion(JsonObject json) {
        List<ChatChoice> choices = new ArrayList<>();
        for (JsonValue value : array(json, "choices")) {
            JsonObject choice = value.asJsonObject();
            JsonObject message = object(choice, "message");
            if (message == null) {
                throw new IllegalArgumentException("choice without a message");
            }
            String role = string(message, "role");
            String content = string(message, "content");
            var chatMessage = new ChatMessage(role == null ? ChatMessage.ASSISTANT : role,
                    content == null ? "" : content);
            choices.add(new ChatChoice(intValue(choice, "index"), chatMessage,
                    string(choice, "finish_reason")));
        }
        return new ChatCompletion(string(json, "id"), longValue(json, "created"), string(json, "model"),
                string(json, "system_fingerprint"), choices, usage(json));
    }

    static ChatChunk chatChunk(JsonObject json) {
        List<ChatChunkChoice> choices = new ArrayList<>();
        for (JsonValue value : array(json, "choices")) {
            JsonObject choice = value.asJsonObject();
            JsonObject delta = object(choice, "delta");
            ChatDelta chatDelta = delta == null
                    ? null
                    : new ChatDelta(string(delta, "role"), string(delta, "content"));
            choices.add(new ChatChunkChoice(intValue(choice, "index"), chatDelta,
                    string(choice, "finish_reason")));
        }
        return new ChatChunk(string(json, "id"), longValue(json, "created"), string(json, "model"),
                string(json, "system_fingerprint"), choices, usage(json));
    }

    static Completion completion(JsonObject json) {
        List<CompletionChoice> choices = new ArrayList<>();
        for (JsonValue value : array(json, "choices")) {
            JsonObject choice = value.asJsonObject();
            choices.add(new CompletionChoice(intValue(choice, "index"), string(choice, "text"),
                    string(choice, "finish_reason")));
        }
        return new Completion(string(json, "id"), longValue(json, "created"), string(json, "model"),
                choices, usage(json));
    }

    static List<ModelInfo> modelList(JsonObject json) {
        List<ModelInfo> models = new ArrayList<>();
        for (JsonValue value : array(json, "data")) {
            models.add(model(value.asJsonObject()));
        }
        return List.copyOf(models);
    }

    static ModelInfo model(JsonObject json) {
        return new ModelInfo(string(json, "id"), longValue(json, "created"), string(json, "owned_by"),
                string(json, "parent"));
    }

    /** Reads {@code {"tokens":[...]}}. */
    static List<Integer> tokens(JsonObject json) {
        JsonArray tokens = json.getJsonArray("tokens");
        if (tokens == null) {
            throw new IllegalArgumentException("no \"tokens\" array");
        }
        List<Integer> ids = new ArrayList<>(tokens.size());
        for (JsonValue token : tokens) {
            ids.add(((JsonNumber) token).intValueExact());
        }
        return List.copyOf(ids);
    }

    /** Reads {@code {"prompt":"..."}}. */
    static String prompt(JsonObject json) {
        String prompt = string(json, "prompt");
        if (prompt == null) {
            throw new IllegalArgumentException("no \"prompt\" string");
        }
        return prompt;
    }

    /** Returns the string field {@code name}, or null when it is absent or JSON null. */
    static String string(JsonObject json, String name) {
        JsonValue value = json.get(name);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        return ((JsonString) value).getString();
    }

    /** Returns the object field {@code name}, or null when it is absent or JSON null. */
    static JsonObject object(JsonObject json, String name) {
        JsonValue value = json.get(name);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        return value.asJsonObject();
    }

    /** Returns up to {@value #MAX_QUOTED_CHARS} characters of {@code text}, quoted, for error messages. */
    static String quote(String text) {
        if (text == null || text.isEmpty()) {
            return "(empty)";
        }
        String cut = text.length() > MAX_QUOTED_CHARS ? text.substring(0, MAX_QUOTED_CHARS) + "..." : text;
        return "\"" + cut.replaceAll("\\p{Cntrl}", " ") + "\"";
    }

    private static Usage usage(JsonObject json) {
        JsonObject usage = object(json, "usage");
        if (usage == null) {
            return null;
        }
        return new Usage(intValue(usage, "prompt_tokens"), intValue(usage, "completion_tokens"),
                intValue(usage, "total_tokens"));
    }

    private static List<JsonValue> array(JsonObject json, String name) {
        JsonValue value = json.get(name);
        if (value == null || value == JsonValue.NULL) {
            return List.of();
        }
        return value.asJsonArray();
    }

    private static long longValue(JsonObject json, String name) {
        JsonValue value = json.get(name);
        if (value == null || value == JsonValue.NULL) {
            return 0;
        }
        return ((JsonNumber) value).longValueExact();
    }

    private static int intValue(JsonObject json, String name) {
        JsonValue value = json.get(name);
        if (value == null || value == JsonValue.NULL) {
            return 0;
        }
        return ((JsonNumber) value).intValueExact();
    }
}
