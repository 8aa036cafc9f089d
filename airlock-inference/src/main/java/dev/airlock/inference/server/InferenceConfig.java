package dev.airlock.inference.server;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;

/**
 * The part of {@code model_config.json} the inference server reads: the {@code models} list.
 * Also reads the original project's fields ({@code name}, {@code model_path}, {@code adapter_map}).
 * Paths may use {@code ~} and {@code ${VAR}} or {@code ${VAR:-default}}; relative paths resolve
 * against the config file's folder.
 */
public record InferenceConfig(Path file, List<ModelEntry> models) {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    private static final Set<String> DEVICES = Set.of("cpu", "cuda");
    private static final Set<String> DTYPES = Set.of("float32", "bfloat16");
    /** A sanity bound on {@code max_lora_rank}: a rank above the demo's hidden size is a typo. */
    private static final int MAX_LORA_RANK = 4096;

    public InferenceConfig {
        models = List.copyOf(models);
    }

    /**
     * Reads and checks a config file.
     *
     * @throws IllegalArgumentException listing every problem, one per line, each with its JSON path
     */
    public static InferenceConfig load(Path file, Map<String, String> environment) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model config " + file, e);
        }
        JsonObject root;
        try (var reader = Json.createReader(new StringReader(text))) {
            root = reader.readObject();
        } catch (JsonParsingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": the top level must be a JSON object", e);
        }
        var problems = new ArrayList<String>();
        var models = readModels(root, file, environment, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(file + ": " + problems.size() + " problem(s):\n  "
                    + String.join("\n  ", problems));
        }
        return new InferenceConfig(file, models);
    }

    private static List<ModelEntry> readModels(JsonObject root, Path file, Map<String, String> env,
            List<String> problems) {
        JsonValue value = root.get("models");
        if (value == null && root.containsKey("name")) {
            value = Json.createArrayBuilder().add(root).build();
        }
        if (value == null || value.getValueType() != JsonValue.ValueType.ARRAY) {
            problems.add("$.models: expected an array of models, found " + describe(value));
            return List.of();
        }
        var models = new ArrayList<ModelEntry>();
        var names = new HashSet<String>();
        var array = value.asJsonArray();
        if (array.isEmpty()) {
            problems.add("$.models: expected at least one model, found an empty array");
        }
        for (int i = 0; i < array.size(); i++) {
            String at = "$.models[" + i + "]";
            if (array.get(i).getValueType() != JsonValue.ValueType.OBJECT) {
                problems.add(at + ": expected an object, found " + describe(array.get(i)));
                continue;
            }
            var entry = readModel(array.getJsonObject(i), at, file, env, problems);
            if (entry != null) {
                checkNames(entry, at, names, problems);
                models.add(entry);
            }
        }
        return models;
    }

    private static ModelEntry readModel(JsonObject json, String at, Path file, Map<String, String> env,
            List<String> problems) {
        int before = problems.size();
        String name = string(json, "name", at, problems, null);
        String path = json.containsKey("path")
                ? string(json, "path", at, problems, null)
                : string(json, "model_path", at, problems, null);
        String device = string(json, "device", at, problems, "cpu");
        // The engine's defaults: bfloat16 on CUDA, float32 on CPUs (whose bf16 math is a slow scalar path).
        String dtype = string(json, "dtype", at, problems, "cuda".equals(device) ? "bfloat16" : "float32");
        if (device != null && !DEVICES.contains(device)) {
            problems.add(at + ".device: expected one of " + DEVICES + ", found \"" + device + "\"");
        }
        if (dtype != null && !DTYPES.contains(dtype)) {
            problems.add(at + ".dtype: expected one of " + DTYPES + ", found \"" + dtype + "\"");
        }
        var adapters = new LinkedHashMap<String, Path>();
        String adaptersKey = json.containsKey("adapters") ? "adapters" : "adapter_map";
        JsonValue adapterJson = json.get(adaptersKey);
        if (adapterJson != null && adapterJson.getValueType() != JsonValue.ValueType.NULL) {
            if (adapterJson.getValueType() != JsonValue.ValueType.OBJECT) {
                problems.add(at + "." + adaptersKey + ": expected an object of name to folder, found "
                        + describe(adapterJson));
            } else {
                adapterJson.asJsonObject().forEach((adapter, dir) -> {
                    if (dir instanceof JsonString s) {
                        adapters.put(adapter, resolve(s.getString(), file, env, at + "." + adaptersKey
                                + "." + adapter, problems));
                    } else {
                        problems.add(at + "." + adaptersKey + "." + adapter + ": expected a folder path string, found "
                                + describe(dir));
                    }
                });
            }
        }
        int maxLoraRank = maxLoraRank(json, at, problems);
        GenerationDefaults generation = generationDefaults(json, at + ".generation", problems);
        if (problems.size() > before) {
            return null;
        }
        Path dir = resolve(path, file, env, at + ".path", problems);
        return dir == null ? null : new ModelEntry(name, dir, device, dtype, adapters, maxLoraRank, generation);
    }

    private static GenerationDefaults generationDefaults(JsonObject model, String at, List<String> problems) {
        JsonValue value = model.get("generation");
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return GenerationDefaults.NONE;
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            problems.add(at + ": expected an object of generation defaults, found " + describe(value));
            return GenerationDefaults.NONE;
        }
        JsonObject json = value.asJsonObject();
        Double temperature = number(json, "temperature", at, problems, 0, 2);
        Double topP = number(json, "top_p", at, problems, Double.MIN_VALUE, 1);
        Integer topK = integer(json, "top_k", at, problems, -1);
        Double minP = number(json, "min_p", at, problems, 0, 1);
        Integer maxTokens = integer(json, "max_tokens", at, problems, 1);
        return new GenerationDefaults(temperature, topP, topK, minP, maxTokens);
    }

    private static Integer integer(JsonObject json, String key, String at, List<String> problems, int min) {
        Double value = number(json, key, at, problems, min, Integer.MAX_VALUE);
        if (value != null && value != Math.rint(value)) {
            problems.add(at + "." + key + ": expected an integer, found " + value);
            return null;
        }
        return value == null ? null : value.intValue();
    }

    private static Double number(JsonObject json, String key, String at, List<String> problems, double min,
            double max) {
        JsonValue value = json.get(key);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(value instanceof JsonNumber number) || number.doubleValue() < min || number.doubleValue() > max) {
            problems.add(at + "." + key + ": expected a number in [" + format(min) + ", " + format(max)
                    + "], found " + describe(value));
            return null;
        }
        return number.doubleValue();
    }

    private static String format(double bound) {
        return bound == Double.MIN_VALUE ? "0 (exclusive)" : bound == Math.rint(bound) ? String.valueOf((long) bound)
                : String.valueOf(bound);
    }

    private static int maxLoraRank(JsonObject json, String at, List<String> problems) {
        JsonValue value = json.get("max_lora_rank");
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return ModelEntry.DEFAULT_MAX_LORA_RANK;
        }
        if (value instanceof JsonNumber n && n.isIntegral() && n.longValue() >= 1 && n.longValue() <= MAX_LORA_RANK) {
            return n.intValue();
        }
        problems.add(at + ".max_lora_rank: expected an integer from 1 to " + MAX_LORA_RANK + ", found "
                + describe(value));
        return ModelEntry.DEFAULT_MAX_LORA_RANK;
    }

    private static void checkNames(ModelEntry entry, String at, Set<String> names, List<String> problems) {
        if (!names.add(entry.name())) {
            problems.add(at + ".name: \"" + entry.name() + "\" is served twice");
        }
        for (String adapter : entry.adapters().keySet()) {
            if (!names.add(adapter)) {
                problems.add(at + ".adapters." + adapter + ": the name is already served by another model");
            }
        }
    }

    private static String string(JsonObject json, String key, String at, List<String> problems, String fallback) {
        JsonValue value = json.get(key);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            if (fallback == null) {
                problems.add(at + "." + key + ": required, found nothing");
            }
            return fallback;
        }
        if (value instanceof JsonString s && !s.getString().isBlank()) {
            return s.getString();
        }
        problems.add(at + "." + key + ": expected a non-empty string, found " + describe(value));
        return null;
    }

    private static Path resolve(String raw, Path file, Map<String, String> env, String at, List<String> problems) {
        Matcher m = VARIABLE.matcher(raw);
        var out = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            if (value == null || value.isEmpty()) {
                value = m.group(2);
            }
            if (value == null) {
                problems.add(at + ": environment variable " + m.group(1) + " is not set and has no default");
                return null;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        String expanded = out.toString();
        if (expanded.equals("~") || expanded.startsWith("~/")) {
            expanded = env.getOrDefault("HOME", System.getProperty("user.home")) + expanded.substring(1);
        }
        Path base = file.toAbsolutePath().getParent();
        return base.resolve(expanded).normalize();
    }

    private static String describe(JsonValue value) {
        if (value == null) {
            return "nothing";
        }
        return value.getValueType().toString().toLowerCase() + " " + abbreviate(value.toString());
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }

    /** Returns the entries by served base name, in file order. */
    public Map<String, ModelEntry> byName() {
        var map = new LinkedHashMap<String, ModelEntry>();
        models.forEach(m -> map.put(m.name(), m));
        return map;
    }
}
