package dev.airlock.bridge.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import dev.airlock.dto.generation.GenerationRequest;
import dev.airlock.dto.generation.PromptMessage;
import dev.airlock.dto.openai.ChatCompletionRequest;
import dev.airlock.dto.openai.ChatMessage;

/**
 * Checks a parsed chat completion request against the OpenAI ranges and against what this
 * bridge can honour, and maps it to the airlock's {@link GenerationRequest}. A parameter that
 * would change the output but cannot be honoured is a 400 naming it, never a silent drop.
 * Stateless and thread-safe.
 */
public final class ChatRequestValidator {
    /** OpenAI's limit for {@code top_logprobs}. */
    static final int MAX_TOP_LOGPROBS = 20;

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");
    private static final Set<String> NON_TEXT_PARTS = Set.of("image_url", "input_audio", "file");
    private static final String NOT_SUPPORTED = " is not supported yet by this server";

    /**
     * Validates {@code request} and returns what to ask the airlock for.
     *
     * @throws InvalidRequest naming the first offending field in {@code param}
     */
    public GenerationRequest toGeneration(ChatCompletionRequest request) {
        String model = requireModel(request.model());
        List<PromptMessage> messages = messages(request.messages());
        Integer maxTokens = maxTokens(request);
        SamplingValidator.checkRange("temperature", request.temperature(), 0.0, 2.0, "from 0 to 2");
        SamplingValidator.checkTopP(request.topP());
        Integer n = SamplingValidator.n(request.n());
        List<String> stop = SamplingValidator.stop(request.stop());
        checkStreamOptions(request);
        Integer topLogprobs = topLogprobs(request);
        SamplingValidator.checkPenalties(request.presencePenalty(), request.frequencyPenalty());
        ToolRequestMapper.Tools tools = ToolRequestMapper.tools(request.tools(), request.toolChoice());
        checkResponseFormat(request.responseFormat());
        var logitBias = SamplingValidator.logitBias(request.logitBias());
        Integer topK = SamplingValidator.topK(request.topK());
        SamplingValidator.checkExtras(request.minP(), request.repetitionPenalty());
        return new GenerationRequest(model, messages, maxTokens, request.temperature(), request.topP(),
                request.seed(), stop, null, n, topK, request.minP(), request.repetitionPenalty(),
                request.presencePenalty(), request.frequencyPenalty(), logitBias,
                Boolean.TRUE.equals(request.logprobs()) ? Boolean.TRUE : null, topLogprobs, tools.toolsJson(),
                tools.choice(), tools.name());
    }

    private static String requireModel(String model) {
        if (model == null || model.isBlank()) {
            throw new InvalidRequest("model is required; GET /v1/models lists the served models.", "model");
        }
        return model;
    }

    private static List<PromptMessage> messages(List<ChatMessage> messages) {
        if (messages == null) {
            throw new InvalidRequest("messages is required: send an array of at least one message.",
                    "messages");
        }
        if (messages.isEmpty()) {
            throw new InvalidRequest("messages must contain at least one message, got an empty array.",
                    "messages", "empty_array");
        }
        var prompt = new ArrayList<PromptMessage>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            prompt.add(message(messages.get(i), "messages[" + i + "]"));
        }
        return prompt;
    }

    private static PromptMessage message(ChatMessage message, String path) {
        String role = message.role();
        if (role == null) {
            throw new InvalidRequest(path + ".role is required; use one of system, developer, user, "
                    + "assistant, tool.", path + ".role");
        }
        if (!ROLES.contains(role)) {
            throw new InvalidRequest(path + ".role must be one of system, developer, user, assistant, tool.",
                    path + ".role", "invalid_value");
        }
        String toolCalls = null;
        if (message.toolCalls() != null) {
            if (!"assistant".equals(role)) {
                throw new InvalidRequest(path + ".tool_calls is only allowed on assistant messages.",
                        path + ".tool_calls");
            }
            toolCalls = ToolRequestMapper.toolCalls(message.toolCalls(), path + ".tool_calls");
        }
        String content = content(message.content(), role, path + ".content");
        // The chat template knows system, user, assistant and tool; developer is OpenAI's new
        // name for system.
        return new PromptMessage("developer".equals(role) ? "system" : role, content, message.name(), toolCalls,
                message.toolCallId());
    }

    private static String content(JsonValue content, String role, String path) {
        if (content == null) {
            if ("assistant".equals(role)) {
                return "";
            }
            throw new InvalidRequest(path + " is required for a " + role + " message.", path);
        }
        if (content instanceof JsonString text) {
            return text.getString();
        }
        var parts = (JsonArray) content;
        if (parts.isEmpty()) {
            throw new InvalidRequest(path + " must contain at least one content part, got an empty array.",
                    path, "empty_array");
        }
        var text = new StringBuilder();
        for (int j = 0; j < parts.size(); j++) {
            text.append(partText(parts.get(j), role, path + "[" + j + "]"));
        }
        return text.toString();
    }

    private static String partText(JsonValue value, String role, String path) {
        if (!(value instanceof JsonObject part)) {
            throw new InvalidRequest(path + " must be a content part object, got "
                    + ChatRequestParser.typeName(value) + ".", path, "invalid_type");
        }
        if (!(part.get("type") instanceof JsonString typeValue)) {
            throw new InvalidRequest(path + ".type must be a string such as \"text\".", path + ".type");
        }
        String type = typeValue.getString();
        if ("text".equals(type)) {
            return partString(part, "text", path);
        }
        if ("refusal".equals(type) && "assistant".equals(role)) {
            return partString(part, "refusal", path);
        }
        if (NON_TEXT_PARTS.contains(type)) {
            throw new InvalidRequest(path + " has type '" + type + "', which this model cannot read: it "
                    + "takes text only. Send text content parts.", path, "unsupported_content_type");
        }
        String shown = type.matches("[A-Za-z0-9_.-]{1,40}") ? "'" + type + "'" : "given";
        throw new InvalidRequest(path + " has an unknown content part type " + shown
                + "; expected \"text\".", path, "invalid_value");
    }

    private static String partString(JsonObject part, String key, String path) {
        if (!(part.get(key) instanceof JsonString text)) {
            throw new InvalidRequest(path + "." + key + " must be a string.", path + "." + key, "invalid_type");
        }
        return text.getString();
    }

    private static Integer maxTokens(ChatCompletionRequest request) {
        Integer maxTokens = request.maxTokens();
        Integer maxCompletionTokens = request.maxCompletionTokens();
        checkAtLeastOne("max_tokens", maxTokens);
        checkAtLeastOne("max_completion_tokens", maxCompletionTokens);
        if (maxTokens != null && maxCompletionTokens != null && !maxTokens.equals(maxCompletionTokens)) {
            throw new InvalidRequest("max_tokens and max_completion_tokens disagree (" + maxTokens + " and "
                    + maxCompletionTokens + "); send only max_completion_tokens.", "max_tokens");
        }
        return maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
    }

    private static void checkAtLeastOne(String param, Integer value) {
        if (value != null && value < 1) {
            throw new InvalidRequest(param + " must be at least 1, got " + value + ".", param);
        }
    }

    private static void checkStreamOptions(ChatCompletionRequest request) {
        if (request.streamOptions() != null && !request.isStream()) {
            throw new InvalidRequest("stream_options is only allowed when stream is true.", "stream_options");
        }
    }

    private static Integer topLogprobs(ChatCompletionRequest request) {
        Integer top = request.topLogprobs();
        if (top != null && (top < 0 || top > MAX_TOP_LOGPROBS)) {
            throw new InvalidRequest("top_logprobs must be from 0 to " + MAX_TOP_LOGPROBS + ", got " + top + ".",
                    "top_logprobs");
        }
        boolean logprobs = Boolean.TRUE.equals(request.logprobs());
        if (top != null && !logprobs) {
            throw new InvalidRequest("top_logprobs requires logprobs to be true.", "top_logprobs");
        }
        return logprobs ? top : null;
    }

    private static void checkResponseFormat(JsonValue format) {
        if (format == null) {
            return;
        }
        if (!(format instanceof JsonObject object) || !(object.get("type") instanceof JsonString type)) {
            throw new InvalidRequest("response_format must be an object with a string type.",
                    "response_format", "invalid_type");
        }
        if (!"text".equals(type.getString())) {
            // BL-13: never accept a format we would silently not enforce.
            throw new InvalidRequest("response_format other than {\"type\":\"text\"}" + NOT_SUPPORTED
                    + " (no JSON-constrained decoding of content; see issue #5); leave response_format out.",
                    "response_format");
        }
    }

}
