package dev.airlock.bridge.openai;

import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import dev.airlock.dto.generation.GenerationRequest;
import dev.airlock.dto.openai.CompletionRequest;

/**
 * Checks a text completion request and maps it to a raw-prompt {@link GenerationRequest}. The
 * legacy {@code logprobs} integer (0..5) asks for that many alternatives per token. Features
 * that would change the output but are not implemented ({@code echo}, {@code suffix},
 * {@code best_of} above {@code n}, batched or token-id prompts) are 400s naming them.
 */
public final class CompletionRequestValidator {
    /** OpenAI's limit for the legacy {@code logprobs}. */
    static final int MAX_LOGPROBS = 5;

    /**
     * Validates {@code request} and returns what to ask the airlock for.
     *
     * @throws InvalidRequest naming the first offending field in {@code param}
     */
    public GenerationRequest toGeneration(CompletionRequest request) {
        if (request.model() == null || request.model().isBlank()) {
            throw new InvalidRequest("model is required; GET /v1/models lists the served models.", "model");
        }
        String prompt = prompt(request.prompt());
        if (request.maxTokens() != null && request.maxTokens() < 1) {
            throw new InvalidRequest("max_tokens must be at least 1, got " + request.maxTokens() + ".", "max_tokens");
        }
        SamplingValidator.checkRange("temperature", request.temperature(), 0.0, 2.0, "from 0 to 2");
        SamplingValidator.checkTopP(request.topP());
        Integer n = SamplingValidator.n(request.n());
        var stop = SamplingValidator.stop(request.stop());
        if (request.streamOptions() != null && !request.isStream()) {
            throw new InvalidRequest("stream_options is only allowed when stream is true.", "stream_options");
        }
        SamplingValidator.checkPenalties(request.presencePenalty(), request.frequencyPenalty());
        var logitBias = SamplingValidator.logitBias(request.logitBias());
        Integer topK = SamplingValidator.topK(request.topK());
        SamplingValidator.checkExtras(request.minP(), request.repetitionPenalty());
        Integer logprobs = request.logprobs();
        if (logprobs != null && (logprobs < 0 || logprobs > MAX_LOGPROBS)) {
            throw new InvalidRequest("logprobs must be from 0 to " + MAX_LOGPROBS + ", got " + logprobs + ".",
                    "logprobs");
        }
        checkUnsupported(request, n);
        return new GenerationRequest(request.model(), null, request.maxTokens() == null ? 16 : request.maxTokens(),
                request.temperature(), request.topP(), request.seed(), stop, prompt, n, topK, request.minP(),
                request.repetitionPenalty(), request.presencePenalty(), request.frequencyPenalty(), logitBias,
                logprobs == null ? null : Boolean.TRUE, logprobs, null, null, null);
    }

    private static String prompt(JsonValue prompt) {
        if (prompt == null) {
            throw new InvalidRequest("prompt is required: send a string.", "prompt");
        }
        if (prompt instanceof JsonString text) {
            return text.getString();
        }
        if (prompt instanceof JsonArray array && array.size() == 1 && array.get(0) instanceof JsonString text) {
            return text.getString();
        }
        throw new InvalidRequest("prompt must be a string or a list of one string; batched and token-id prompts "
                + "are not supported yet by this server.", "prompt", "invalid_type");
    }

    private static void checkUnsupported(CompletionRequest request, Integer n) {
        if (Boolean.TRUE.equals(request.echo())) {
            throw new InvalidRequest("echo is not supported yet by this server; send echo=false.", "echo");
        }
        if (request.suffix() != null && !request.suffix().isEmpty()) {
            throw new InvalidRequest("suffix is not supported yet by this server (no fill-in-the-middle).", "suffix");
        }
        int choices = n == null ? 1 : n;
        if (request.bestOf() != null && request.bestOf() != choices) {
            throw new InvalidRequest("best_of other than n is not supported yet by this server; leave it out.",
                    "best_of");
        }
    }
}
