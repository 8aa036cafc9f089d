package dev.airlock.inference.generation;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import dev.airlock.inference.sampling.Sampler;
import dev.airlock.inference.tokenizer.Tokenizer;

/**
 * Constrained decoding of one forced tool call ({@code tool_choice} {@code required} or a named
 * function), in Phi-4-mini's format (PHI4.md 4.3): {@code <|tool_call|>[{"name": "f",
 * "arguments": {...}}]<|/tool_call|>}. The structure is forced token by token; the model picks
 * the function (for {@code required}, by the logit of each name's first token), and writes
 * string and number values, restricted to tokens that keep the JSON valid. Every required
 * property of the function's schema is written, so the arguments parse and match the schema's
 * shape. One per choice; not thread-safe.
 */
final class ToolCallForcer {
    /** Tokens a free string value may take before it is closed; keeps a call within small budgets. */
    static final int MAX_VALUE_TOKENS = 12;
    /** Candidates looked at per constrained step, by logit. */
    private static final int CANDIDATES = 64;

    private sealed interface Step {
    }

    private record Forced(String text) implements Step {
    }

    private record ChooseFunction(List<JsonObject> functions) implements Step {
    }

    private record ChooseOption(List<String> options) implements Step {
    }

    private record FreeString() implements Step {
    }

    private record FreeNumber() implements Step {
    }

    private final Tokenizer tokenizer;
    private final TokenTexts texts;
    private final Deque<Step> steps = new ArrayDeque<>();
    private final Deque<Integer> queued = new ArrayDeque<>();
    private Step free;
    private int freeTokens;

    private ToolCallForcer(Tokenizer tokenizer, TokenTexts texts) {
        this.tokenizer = tokenizer;
        this.texts = texts;
    }

    /**
     * Returns a forcer for {@code toolsJson} (Phi-4 format: a list of {@code name, description,
     * parameters}); {@code toolName} picks one function, null lets the model choose among all.
     *
     * @throws IllegalArgumentException when the tools are not such a list or do not hold {@code toolName}
     */
    static ToolCallForcer of(String toolsJson, String toolName, Tokenizer tokenizer, TokenTexts texts) {
        var functions = new ArrayList<JsonObject>();
        for (JsonValue tool : parseList(toolsJson)) {
            if (tool instanceof JsonObject function && function.get("name") instanceof JsonString name
                    && (toolName == null || toolName.equals(name.getString()))) {
                functions.add(function);
            }
        }
        if (functions.isEmpty()) {
            throw new IllegalArgumentException(toolName == null ? "tools holds no function with a name"
                    : "tools holds no function named '" + toolName + "'");
        }
        var forcer = new ToolCallForcer(tokenizer, texts);
        forcer.steps.add(new Forced("<|tool_call|>[{\"name\": \""));
        forcer.steps.add(new ChooseFunction(functions));
        return forcer;
    }

    private static JsonArray parseList(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readArray();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("tools must be a JSON list of functions", e);
        }
    }

    /** Returns the next token id given the processed {@code logits}, or -1 when the call is complete. */
    int next(float[] logits, Sampler sampler) {
        while (true) {
            if (!queued.isEmpty()) {
                return queued.poll();
            }
            if (free != null) {
                int token = freeToken(logits, sampler);
                if (token >= 0) {
                    freeTokens++;
                    return token;
                }
                free = null;
                continue;
            }
            Step step = steps.poll();
            if (step == null) {
                return -1;
            }
            begin(step, logits);
        }
    }

    private void begin(Step step, float[] logits) {
        switch (step) {
            case Forced forced -> queue(forced.text());
            case ChooseFunction choose -> {
                JsonObject function = choose.functions().get(best(logits, choose.functions().stream()
                        .map(f -> f.getString("name")).toList()));
                queue(function.getString("name"));
                planArguments(function.get("parameters"));
            }
            case ChooseOption choose -> queue(choose.options().get(best(logits, choose.options())));
            case FreeString s -> {
                free = s;
                freeTokens = 0;
            }
            case FreeNumber number -> {
                free = number;
                freeTokens = 0;
            }
        }
    }

    private void planArguments(JsonValue parameters) {
        var plan = new ArrayList<Step>();
        plan.add(new Forced("\", \"arguments\": {"));
        JsonObject properties = parameters instanceof JsonObject schema
                && schema.get("properties") instanceof JsonObject p ? p : JsonValue.EMPTY_JSON_OBJECT;
        List<String> names = required(parameters, properties);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            plan.add(new Forced((i == 0 ? "" : ", ") + jsonString(name) + ": "));
            plan.addAll(value(properties.get(name)));
        }
        plan.add(new Forced("}}]<|/tool_call|>"));
        for (int i = plan.size() - 1; i >= 0; i--) {
            steps.addFirst(plan.get(i));
        }
    }

    private static List<String> required(JsonValue parameters, JsonObject properties) {
        var names = new ArrayList<String>();
        if (parameters instanceof JsonObject schema && schema.get("required") instanceof JsonArray required) {
            for (JsonValue name : required) {
                if (name instanceof JsonString text && !names.contains(text.getString())) {
                    names.add(text.getString());
                }
            }
        }
        return names;
    }

    private static List<Step> value(JsonValue schema) {
        String type = schema instanceof JsonObject object && object.get("type") instanceof JsonString t
                ? t.getString() : "string";
        if (schema instanceof JsonObject object && object.get("enum") instanceof JsonArray values && !values.isEmpty()) {
            return List.of(new ChooseOption(values.stream().map(JsonValue::toString).toList()));
        }
        return switch (type) {
            case "integer", "number" -> List.of(new FreeNumber());
            case "boolean" -> List.of(new ChooseOption(List.of("true", "false")));
            case "object" -> List.of(new Forced("{}"));
            case "array" -> List.of(new Forced("[]"));
            case "null" -> List.of(new Forced("null"));
            default -> List.of(new Forced("\""), new FreeString(), new Forced("\""));
        };
    }

    private static String jsonString(String text) {
        return Json.createValue(text).toString();
    }

    private void queue(String text) {
        for (int id : tokenizer.encode(text)) {
            queued.add(id);
        }
    }

    /** Picks the option whose first token the model likes best. */
    private int best(float[] logits, List<String> options) {
        int best = 0;
        float bestLogit = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < options.size(); i++) {
            int[] ids = tokenizer.encode(options.get(i));
            float logit = ids.length > 0 && ids[0] < logits.length ? logits[ids[0]] : Float.NEGATIVE_INFINITY;
            if (logit > bestLogit) {
                best = i;
                bestLogit = logit;
            }
        }
        return best;
    }

    /** Returns the next token of the free value, or -1 when it ends here. */
    private int freeToken(float[] logits, Sampler sampler) {
        if (freeTokens >= (free instanceof FreeNumber ? 3 : MAX_VALUE_TOKENS)) {
            return -1;
        }
        int[] candidates = Logprobs.topIds(logits, CANDIDATES);
        if (freeTokens > 0 && !allowed(texts.text(candidates[0]))) {
            return -1;  // the model's favourite would end the value: end it
        }
        float[] masked = new float[logits.length];
        Arrays.fill(masked, Float.NEGATIVE_INFINITY);
        boolean any = false;
        for (int id : candidates) {
            if (allowed(texts.text(id)) && Float.isFinite(logits[id])) {
                masked[id] = logits[id];
                any = true;
            }
        }
        return any ? sampler.sample(masked) : -1;
    }

    private boolean allowed(String text) {
        if (text.isEmpty()) {
            return false;
        }
        if (free instanceof FreeNumber) {
            boolean digits = text.chars().allMatch(c -> c >= '0' && c <= '9');
            return digits && (freeTokens > 0 || text.charAt(0) != '0');
        }
        return text.chars().allMatch(c -> c >= 0x20 && c != '"' && c != '\\' && c != 0xFFFD)
                && !text.contains("<|");
    }
}
