package dev.airlock.bridge.http;

import java.util.ArrayList;
import java.util.List;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import dev.airlock.bridge.openai.AirlockClient;
import dev.airlock.bridge.openai.ChatRequestParser;
import dev.airlock.bridge.openai.ChatRequestValidator;
import dev.airlock.bridge.openai.InvalidRequest;
import dev.airlock.bridge.openai.ModelCatalog;
import dev.airlock.dto.Json;
import dev.airlock.dto.generation.DetokenizeRequest;
import dev.airlock.dto.generation.GenerationRequest;
import dev.airlock.dto.generation.TokenizeRequest;
import dev.airlock.dto.generation.TokenizeResult;

/**
 * vLLM's {@code POST /tokenize} ({@code {"model", "prompt"}} or {@code {"model", "messages",
 * "add_generation_prompt"?, "tools"?}} → {@code {"count", "max_model_len", "tokens"}}) and
 * {@code POST /detokenize} ({@code {"model", "tokens"}} → {@code {"prompt"}}).
 */
final class TokenizeHandler {
    /** Bounds a detokenize body's work; longer than any context. */
    static final int MAX_TOKENS = 1 << 20;

    private final RequestBody body;
    private final ChatRequestParser parser = new ChatRequestParser();
    private final ChatRequestValidator validator = new ChatRequestValidator();
    private final ModelCatalog catalog;
    private final AirlockClient client;

    TokenizeHandler(RequestBody body, ModelCatalog catalog, AirlockClient client) {
        this.body = body;
        this.catalog = catalog;
        this.client = client;
    }

    void tokenize(ServerRequest request, ServerResponse response) {
        String text = body.read(request);
        JsonObject root = parser.parseObject(text);
        String model = requireModel(root);
        String prompt = ChatRequestParser.optionalString(root, "prompt");
        TokenizeRequest tokenize;
        if (root.containsKey("messages") && root.get("messages").getValueType() != JsonValue.ValueType.NULL) {
            if (prompt != null) {
                throw new InvalidRequest("send prompt or messages, not both.", "prompt");
            }
            GenerationRequest chat = validator.toGeneration(parser.parse(text));
            Boolean addGenerationPrompt = root.get("add_generation_prompt") == null ? null
                    : root.get("add_generation_prompt").getValueType() == JsonValue.ValueType.TRUE;
            tokenize = new TokenizeRequest(model, null, chat.messages(), addGenerationPrompt, chat.tools());
        } else if (prompt != null) {
            tokenize = new TokenizeRequest(model, prompt, null, null, null);
        } else {
            throw new InvalidRequest("prompt (a string) or messages is required.", "prompt");
        }
        catalog.require(model);
        TokenizeResult result = client.tokenize(tokenize, RequestId.of(request));
        sendJson(response, result);
    }

    void detokenize(ServerRequest request, ServerResponse response) {
        JsonObject root = parser.parseObject(body.read(request));
        String model = requireModel(root);
        if (!(root.get("tokens") instanceof JsonArray array)) {
            throw new InvalidRequest("tokens must be an array of token ids.", "tokens", "invalid_type");
        }
        if (array.size() > MAX_TOKENS) {
            throw new InvalidRequest("tokens may hold at most " + MAX_TOKENS + " ids, got " + array.size() + ".",
                    "tokens");
        }
        List<Integer> ids = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof JsonNumber number) || !number.isIntegral()
                    || number.bigDecimalValue().signum() < 0
                    || number.bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
                throw new InvalidRequest("tokens[" + i + "] must be a non-negative integer token id.",
                        "tokens[" + i + "]", "invalid_type");
            }
            ids.add(number.intValue());
        }
        catalog.require(model);
        sendJson(response, client.detokenize(new DetokenizeRequest(model, ids), RequestId.of(request)));
    }

    private static String requireModel(JsonObject root) {
        String model = ChatRequestParser.optionalString(root, "model");
        if (model == null || model.isBlank()) {
            throw new InvalidRequest("model is required; GET /v1/models lists the served models.", "model");
        }
        return model;
    }

    private static void sendJson(ServerResponse response, Object value) {
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(Json.write(value));
    }
}
