package dev.airlock.bridge.openai;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import dev.airlock.dto.generation.GenerationRequest;

/**
 * Maps OpenAI tools to what Phi-4-mini was trained on (PHI4.md 4.3): the functions as a JSON
 * list of {@code name, description, parameters} in the system turn, written the way Python's
 * {@code json.dumps} writes them ({@code ", "} and {@code ": "}), and earlier assistant
 * {@code tool_calls} as {@code [{"name": ..., "arguments": {...}}]}. Stateless.
 */
final class ToolRequestMapper {
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /**
     * What the airlock gets for a request's tools.
     *
     * @param toolsJson the Phi-4 tool list, null when the model is not shown tools
     * @param choice the airlock's tool choice, null when there are no tools
     * @param name the forced function, for choice {@code function}
     */
    record Tools(String toolsJson, String choice, String name) {
        static final Tools NONE = new Tools(null, null, null);

        /** Returns whether the output is parsed for tool calls. */
        boolean parsesCalls() {
            return toolsJson != null;
        }
    }

    private ToolRequestMapper() {
    }

    /** Checks {@code tools} and {@code tool_choice} and maps them. */
    static Tools tools(JsonValue tools, JsonValue toolChoice) {
        List<String> names = new ArrayList<>();
        String json = tools == null ? null : toolList(tools, names);
        boolean hasTools = json != null && !names.isEmpty();
        if (toolChoice == null) {
            return hasTools ? new Tools(json, GenerationRequest.TOOL_CHOICE_AUTO, null) : Tools.NONE;
        }
        if (toolChoice instanceof JsonString text) {
            String choice = text.getString();
            if ("none".equals(choice)) {
                return Tools.NONE;  // the model is not shown the tools, and no call is parsed (BL-06)
            }
            if (!"auto".equals(choice) && !"required".equals(choice)) {
                throw new InvalidRequest("tool_choice must be \"none\", \"auto\", \"required\" or a function "
                        + "object.", "tool_choice", "invalid_value");
            }
            requireTools(hasTools, choice);
            return new Tools(json, choice, null);
        }
        if (!(toolChoice instanceof JsonObject object)) {
            throw new InvalidRequest("tool_choice must be \"none\", \"auto\", \"required\" or an object.",
                    "tool_choice", "invalid_type");
        }
        String name = object.get("function") instanceof JsonObject function
                && function.get("name") instanceof JsonString text ? text.getString() : null;
        if (!(object.get("type") instanceof JsonString type) || !"function".equals(type.getString()) || name == null) {
            throw new InvalidRequest("tool_choice as an object must be {\"type\": \"function\", \"function\": "
                    + "{\"name\": ...}}.", "tool_choice", "invalid_value");
        }
        requireTools(hasTools, "a function");
        if (!names.contains(name)) {
            throw new InvalidRequest("tool_choice names a function that is not in tools; send one of "
                    + String.join(", ", names) + ".", "tool_choice", "invalid_value");
        }
        return new Tools(json, GenerationRequest.TOOL_CHOICE_FUNCTION, name);
    }

    private static void requireTools(boolean hasTools, String choice) {
        if (!hasTools) {
            throw new InvalidRequest("tool_choice " + choice + " needs a non-empty tools list.", "tool_choice");
        }
    }

    private static String toolList(JsonValue tools, List<String> names) {
        if (!(tools instanceof JsonArray array)) {
            throw new InvalidRequest("tools must be an array of tool objects.", "tools", "invalid_type");
        }
        var functions = new StringBuilder("[");
        for (int i = 0; i < array.size(); i++) {
            String path = "tools[" + i + "]";
            if (!(array.get(i) instanceof JsonObject tool) || !(tool.get("type") instanceof JsonString type)
                    || !"function".equals(type.getString()) || !(tool.get("function") instanceof JsonObject function)) {
                throw new InvalidRequest(path + " must be {\"type\": \"function\", \"function\": {...}}.", path,
                        "invalid_value");
            }
            String name = function.get("name") instanceof JsonString text ? text.getString() : null;
            if (name == null || !NAME.matcher(name).matches() || names.contains(name)) {
                throw new InvalidRequest(path + ".function.name must be a unique name of 1 to 64 letters, digits, "
                        + "_, . or -.", path + ".function.name", "invalid_value");
            }
            JsonValue description = function.get("description");
            if (description != null && !(description instanceof JsonString)
                    && description.getValueType() != JsonValue.ValueType.NULL) {
                throw new InvalidRequest(path + ".function.description must be a string.",
                        path + ".function.description", "invalid_type");
            }
            JsonValue parameters = function.get("parameters");
            if (parameters != null && !(parameters instanceof JsonObject)
                    && parameters.getValueType() != JsonValue.ValueType.NULL) {
                throw new InvalidRequest(path + ".function.parameters must be a JSON schema object.",
                        path + ".function.parameters", "invalid_type");
            }
            names.add(name);
            functions.append(i == 0 ? "" : ", ").append("{\"name\": ").append(dumps(function.get("name")));
            if (description instanceof JsonString) {
                functions.append(", \"description\": ").append(dumps(description));
            }
            functions.append(", \"parameters\": ").append(parameters instanceof JsonObject
                    ? dumps(parameters) : "{}").append('}');
        }
        return functions.append(']').toString();
    }

    /** Maps an assistant message's {@code tool_calls} to Phi-4's call list, or throws naming {@code path}. */
    static String toolCalls(JsonValue toolCalls, String path) {
        if (!(toolCalls instanceof JsonArray array)) {
            throw new InvalidRequest(path + " must be an array of tool calls.", path, "invalid_type");
        }
        var calls = new StringBuilder("[");
        for (int i = 0; i < array.size(); i++) {
            String at = path + "[" + i + "]";
            if (!(array.get(i) instanceof JsonObject call) || !(call.get("function") instanceof JsonObject function)
                    || !(function.get("name") instanceof JsonString name)) {
                throw new InvalidRequest(at + " must be {\"id\", \"type\": \"function\", \"function\": {\"name\", "
                        + "\"arguments\"}}.", at, "invalid_value");
            }
            JsonValue arguments = function.get("arguments");
            String argumentsJson = arguments instanceof JsonString text ? argumentsText(text.getString())
                    : arguments == null ? "{}" : dumps(arguments);
            calls.append(i == 0 ? "" : ", ").append("{\"name\": ").append(dumps(name))
                    .append(", \"arguments\": ").append(argumentsJson).append('}');
        }
        return calls.append(']').toString();
    }

    private static String argumentsText(String text) {
        try (var reader = jakarta.json.Json.createReader(new StringReader(text))) {
            return dumps(reader.readValue());
        } catch (RuntimeException e) {
            return dumps(jakarta.json.Json.createValue(text));  // not JSON: keep it as a string
        }
    }

    /** Writes {@code value} as Python's {@code json.dumps} does by default (ASCII escapes aside). */
    static String dumps(JsonValue value) {
        return switch (value.getValueType()) {
            case OBJECT -> {
                var text = new StringBuilder("{");
                boolean first = true;
                for (Map.Entry<String, JsonValue> entry : value.asJsonObject().entrySet()) {
                    text.append(first ? "" : ", ").append(jakarta.json.Json.createValue(entry.getKey()))
                            .append(": ").append(dumps(entry.getValue()));
                    first = false;
                }
                yield text.append('}').toString();
            }
            case ARRAY -> {
                var text = new StringBuilder("[");
                boolean first = true;
                for (JsonValue item : value.asJsonArray()) {
                    text.append(first ? "" : ", ").append(dumps(item));
                    first = false;
                }
                yield text.append(']').toString();
            }
            case NUMBER -> ((JsonNumber) value).toString();
            default -> value.toString();
        };
    }
}
