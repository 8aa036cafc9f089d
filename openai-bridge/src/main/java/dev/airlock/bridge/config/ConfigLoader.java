package dev.airlock.bridge.config;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Reads {@code model_config.json}. Every problem is collected, each naming its JSON path
 * ({@code $.bridge.port: ...}), and all are reported together in one {@link ConfigException}.
 * Fields the bridge does not know are ignored: other parts of the system read them.
 */
public final class ConfigLoader {
    /** Above this a body no longer fits in one channel frame next to its generation request. */
    static final long MAX_BODY_LIMIT = 6L << 20;
    static final long MIN_BODY_LIMIT = 1024;

    private final List<String> problems = new ArrayList<>();

    private ConfigLoader() {
    }

    /**
     * Reads the configuration file at {@code path}.
     *
     * @throws UncheckedIOException naming the path when it cannot be read
     * @throws ConfigException listing every problem found
     */
    public static AirlockConfig load(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the configuration file " + path, e);
        }
        return parse(text, path.toString());
    }

    /**
     * Reads configuration JSON text; {@code source} names it in messages.
     *
     * @throws ConfigException listing every problem found
     */
    public static AirlockConfig parse(String json, String source) {
        return new ConfigLoader().read(json, source);
    }

    private AirlockConfig read(String json, String source) {
        JsonObject root = parseRoot(json);
        if (root == null) {
            throw new ConfigException(source, problems);
        }
        BridgeConfig bridge = bridge(object(root, "bridge", "$.bridge"));
        TransportConfig transport = transport(object(root, "transport", "$.transport"));
        List<ModelEntry> models = models(root);
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return new AirlockConfig(bridge, transport, models);
    }

    private JsonObject parseRoot(String json) {
        try (JsonReader reader = jakarta.json.Json.createReader(new StringReader(json))) {
            JsonValue value = reader.readValue();
            if (value instanceof JsonObject object) {
                return object;
            }
            problems.add("$: must be a JSON object");
        } catch (RuntimeException e) {
            // JsonException for syntax; Parsson throws a bare RuntimeException for deep nesting.
            problems.add("$: not valid JSON (" + e.getMessage() + ")");
        }
        return null;
    }

    private BridgeConfig bridge(JsonObject bridge) {
        var defaults = BridgeConfig.defaults();
        if (bridge == null) {
            return defaults;
        }
        String host = string(bridge, "host", "$.bridge.host", defaults.host());
        if (host != null && host.isBlank()) {
            problems.add("$.bridge.host: must not be empty; use 127.0.0.1 to stay local");
            host = defaults.host();
        }
        long port = integer(bridge, "port", "$.bridge.port", defaults.port(), 0, 65535);
        List<String> keys = apiKeys(bridge);
        long maxBody = integer(bridge, "max_body_bytes", "$.bridge.max_body_bytes", defaults.maxBodyBytes(),
                MIN_BODY_LIMIT, MAX_BODY_LIMIT);
        long head = integer(bridge, "head_timeout_millis", "$.bridge.head_timeout_millis",
                defaults.headTimeoutMillis(), 1, Integer.MAX_VALUE);
        long idle = integer(bridge, "idle_timeout_millis", "$.bridge.idle_timeout_millis",
                defaults.idleTimeoutMillis(), 1, Integer.MAX_VALUE);
        long concurrent = integer(bridge, "max_concurrent_per_adapter", "$.bridge.max_concurrent_per_adapter",
                defaults.maxConcurrentPerAdapter(), 1, 1024);
        long queue = integer(bridge, "max_queue", "$.bridge.max_queue", defaults.maxQueue(), 0, 100_000);
        List<String> origins = corsOrigins(bridge);
        return new BridgeConfig(host == null ? defaults.host() : host, (int) port, keys, maxBody, head, idle,
                false, (int) concurrent, (int) queue, origins);
    }

    private List<String> corsOrigins(JsonObject bridge) {
        JsonValue value = bridge.get("cors_origins");
        if (value == null || value == JsonValue.NULL) {
            return List.of();
        }
        if (!(value instanceof JsonArray array)) {
            problems.add("$.bridge.cors_origins: must be an array of origins such as \"http://localhost:3000\", got "
                    + typeName(value));
            return List.of();
        }
        var origins = new ArrayList<String>();
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i) instanceof JsonString origin
                    && origin.getString().matches("\\*|https?://[A-Za-z0-9.\\-\\[\\]:]+")) {
                origins.add(origin.getString());
            } else {
                problems.add("$.bridge.cors_origins[" + i + "]: must be \"*\" or an origin such as "
                        + "\"http://localhost:3000\" (scheme, host, optional port; no path)");
            }
        }
        return origins;
    }

    private List<String> apiKeys(JsonObject bridge) {
        JsonValue value = bridge.get("api_keys");
        if (value == null || value == JsonValue.NULL) {
            return List.of();
        }
        if (!(value instanceof JsonArray array)) {
            problems.add("$.bridge.api_keys: must be an array of strings, got " + typeName(value));
            return List.of();
        }
        var keys = new ArrayList<String>();
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i) instanceof JsonString key && !key.getString().isBlank()) {
                keys.add(key.getString());
            } else {
                problems.add("$.bridge.api_keys[" + i + "]: must be a non-empty string");
            }
        }
        return keys;
    }

    private TransportConfig transport(JsonObject transport) {
        if (transport == null) {
            return TransportConfig.defaults();
        }
        String kind = string(transport, "kind", "$.transport.kind", TransportConfig.PROCESS);
        if (!TransportConfig.PROCESS.equals(kind) && !TransportConfig.DOCKER.equals(kind)) {
            problems.add("$.transport.kind: must be \"process\" or \"docker\", got \"" + kind + "\"");
            kind = TransportConfig.PROCESS;
        }
        List<String> command = stringList(transport, "command", "$.transport.command");
        String image = string(transport, "image", "$.transport.image", null);
        String container = string(transport, "container", "$.transport.container", null);
        if (TransportConfig.DOCKER.equals(kind) && (container == null || container.isBlank())) {
            problems.add("$.transport.container: is required when transport.kind is \"docker\""
                    + " (the name of a container made by ./airlock container create)");
            kind = TransportConfig.PROCESS;
        }
        String dockerHost = string(transport, "docker_host", "$.transport.docker_host", null);
        boolean isolation = bool(transport, "require_isolation", "$.transport.require_isolation", false);
        return new TransportConfig(kind, command, image, isolation, container, dockerHost);
    }

    private List<ModelEntry> models(JsonObject root) {
        JsonValue value = root.get("models");
        if (value == null || value == JsonValue.NULL) {
            return List.of();
        }
        if (!(value instanceof JsonArray array)) {
            problems.add("$.models: must be an array of model objects, got " + typeName(value));
            return List.of();
        }
        var models = new ArrayList<ModelEntry>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String path = "$.models[" + i + "]";
            if (!(array.get(i) instanceof JsonObject model)) {
                problems.add(path + ": must be an object, got " + typeName(array.get(i)));
                continue;
            }
            ModelEntry entry = model(model, path, names);
            if (entry != null) {
                models.add(entry);
            }
        }
        return models;
    }

    private ModelEntry model(JsonObject model, String path, Set<String> names) {
        int before = problems.size();
        String name = string(model, "name", path + ".name", null);
        if (name == null || name.isBlank()) {
            problems.add(path + ".name: is required (the name clients send as \"model\")");
        } else if (!names.add(name)) {
            problems.add(path + ".name: \"" + name + "\" is used by another model or adapter");
        }
        String modelPath = either(model, "path", "model_path", path);
        if (modelPath == null) {
            problems.add(path + ".path: is required (the checkpoint directory; \"model_path\" is accepted too)");
        }
        Map<String, String> adapters = adapters(model, path, names);
        String device = string(model, "device", path + ".device", null);
        String dtype = string(model, "dtype", path + ".dtype", null);
        Integer concurrency = model.containsKey("max_concurrent_per_adapter")
                ? (int) integer(model, "max_concurrent_per_adapter", path + ".max_concurrent_per_adapter", 1, 1,
                        1024)
                : null;
        if (problems.size() > before) {
            return null;
        }
        return new ModelEntry(name, modelPath, adapters, device, dtype, concurrency);
    }

    private String either(JsonObject model, String key, String legacyKey, String path) {
        String value = string(model, key, path + "." + key, null);
        String legacy = string(model, legacyKey, path + "." + legacyKey, null);
        if (value != null && legacy != null && !value.equals(legacy)) {
            problems.add(path + ": \"" + key + "\" and \"" + legacyKey + "\" disagree; give only \"" + key + "\"");
        }
        String chosen = value != null ? value : legacy;
        return chosen == null || chosen.isBlank() ? null : chosen;
    }

    private Map<String, String> adapters(JsonObject model, String path, Set<String> names) {
        boolean hasNew = model.containsKey("adapters") && model.get("adapters") != JsonValue.NULL;
        boolean hasLegacy = model.containsKey("adapter_map") && model.get("adapter_map") != JsonValue.NULL;
        if (hasNew && hasLegacy) {
            problems.add(path + ": give \"adapters\" or \"adapter_map\", not both");
            return Map.of();
        }
        if (!hasNew && !hasLegacy) {
            return Map.of();
        }
        String key = hasNew ? "adapters" : "adapter_map";
        String adaptersPath = path + "." + key;
        if (!(model.get(key) instanceof JsonObject object)) {
            problems.add(adaptersPath + ": must be an object mapping adapter names to directories, got "
                    + typeName(model.get(key)));
            return Map.of();
        }
        var adapters = new LinkedHashMap<String, String>();
        for (var entry : object.entrySet()) {
            String entryPath = adaptersPath + "." + entry.getKey();
            if (entry.getKey().isBlank()) {
                problems.add(adaptersPath + ": an adapter name must not be empty");
            } else if (!(entry.getValue() instanceof JsonString dir) || dir.getString().isBlank()) {
                problems.add(entryPath + ": must be a non-empty directory string, got "
                        + typeName(entry.getValue()));
            } else if (!names.add(entry.getKey())) {
                problems.add(entryPath + ": \"" + entry.getKey() + "\" is used by another model or adapter");
            } else {
                adapters.put(entry.getKey(), dir.getString());
            }
        }
        return adapters;
    }

    private JsonObject object(JsonObject parent, String key, String path) {
        JsonValue value = parent.get(key);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value instanceof JsonObject object) {
            return object;
        }
        problems.add(path + ": must be an object, got " + typeName(value));
        return null;
    }

    private String string(JsonObject parent, String key, String path, String fallback) {
        JsonValue value = parent.get(key);
        if (value == null || value == JsonValue.NULL) {
            return fallback;
        }
        if (value instanceof JsonString string) {
            return string.getString();
        }
        problems.add(path + ": must be a string, got " + typeName(value));
        return fallback;
    }

    private List<String> stringList(JsonObject parent, String key, String path) {
        JsonValue value = parent.get(key);
        if (value == null || value == JsonValue.NULL) {
            return List.of();
        }
        if (!(value instanceof JsonArray array)) {
            problems.add(path + ": must be an array of strings, got " + typeName(value));
            return List.of();
        }
        var strings = new ArrayList<String>();
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i) instanceof JsonString string) {
                strings.add(string.getString());
            } else {
                problems.add(path + "[" + i + "]: must be a string, got " + typeName(array.get(i)));
            }
        }
        return strings;
    }

    private boolean bool(JsonObject parent, String key, String path, boolean fallback) {
        JsonValue value = parent.get(key);
        if (value == null || value == JsonValue.NULL) {
            return fallback;
        }
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return value == JsonValue.TRUE;
        }
        problems.add(path + ": must be true or false, got " + typeName(value));
        return fallback;
    }

    private long integer(JsonObject parent, String key, String path, long fallback, long min, long max) {
        JsonValue value = parent.get(key);
        if (value == null || value == JsonValue.NULL) {
            return fallback;
        }
        if (!(value instanceof JsonNumber number)) {
            problems.add(path + ": must be an integer from " + min + " to " + max + ", got " + typeName(value));
            return fallback;
        }
        BigDecimal decimal = number.bigDecimalValue();
        boolean inRange = decimal.compareTo(BigDecimal.valueOf(min)) >= 0
                && decimal.compareTo(BigDecimal.valueOf(max)) <= 0;
        if (!inRange || (decimal.signum() != 0 && decimal.stripTrailingZeros().scale() > 0)) {
            problems.add(path + ": must be an integer from " + min + " to " + max + ", got " + number);
            return fallback;
        }
        return decimal.longValue();
    }

    private static String typeName(JsonValue value) {
        return value == null ? "nothing" : value.getValueType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
