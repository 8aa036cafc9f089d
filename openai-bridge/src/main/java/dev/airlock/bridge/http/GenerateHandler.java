package dev.airlock.bridge.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObject;

import dev.airlock.bridge.openai.Admission;
import dev.airlock.bridge.openai.AirlockClient;
import dev.airlock.bridge.openai.BadAirlockAnswer;
import dev.airlock.bridge.openai.ChatRequestParser;
import dev.airlock.bridge.openai.GenerationStep;
import dev.airlock.bridge.openai.GenerationStream;
import dev.airlock.bridge.openai.InvalidRequest;
import dev.airlock.bridge.openai.ModelCatalog;
import dev.airlock.dto.generation.GenerationRequest;

/**
 * The original project's {@code POST /generate}: {@code {"model", "prompt", "max_tokens"}} in, the
 * generated text as {@code text/plain} out. The prompt goes through the raw-prompt route, as the
 * original did; errors are the usual OpenAI error objects.
 */
final class GenerateHandler {
    /** The original project's default. */
    static final int DEFAULT_MAX_TOKENS = 128;

    private final RequestBody body;
    private final ChatRequestParser parser = new ChatRequestParser();
    private final ModelCatalog catalog;
    private final AirlockClient client;
    private final Admission admission;

    GenerateHandler(RequestBody body, ModelCatalog catalog, AirlockClient client, Admission admission) {
        this.body = body;
        this.catalog = catalog;
        this.client = client;
        this.admission = admission;
    }

    void generate(ServerRequest request, ServerResponse response) {
        JsonObject root = parser.parseObject(body.read(request));
        String model = ChatRequestParser.optionalString(root, "model");
        if (model == null || model.isBlank()) {
            throw new InvalidRequest("model is required; GET /v1/models lists the served models.", "model");
        }
        String prompt = ChatRequestParser.optionalString(root, "prompt");
        if (prompt == null) {
            throw new InvalidRequest("prompt is required: send a string.", "prompt");
        }
        Integer maxTokens = ChatRequestParser.optionalInteger(root, "max_tokens");
        if (maxTokens != null && maxTokens < 1) {
            throw new InvalidRequest("max_tokens must be at least 1, got " + maxTokens + ".", "max_tokens");
        }
        var generation = new GenerationRequest(model, null, maxTokens == null ? DEFAULT_MAX_TOKENS : maxTokens, null,
                null, null, null, prompt, null, null, null, null, null, null, null, null, null, null, null, null);
        catalog.require(model);
        var text = new StringBuilder();
        try (Admission.Permit permit = admission.acquire(model);
                GenerationStream stream = client.complete(generation, RequestId.of(request))) {
            while (!stream.isComplete()) {
                if (stream.next() instanceof GenerationStep.TextDelta delta) {
                    text.append(delta.text());
                    if (text.length() > ChatCompletionsHandler.MAX_COMPLETION_CHARS) {
                        throw new BadAirlockAnswer("the airlock sent more than "
                                + ChatCompletionsHandler.MAX_COMPLETION_CHARS + " characters");
                    }
                }
            }
        }
        response.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.send(text.toString());
    }
}
