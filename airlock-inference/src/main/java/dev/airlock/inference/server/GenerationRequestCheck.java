package dev.airlock.inference.server;

import java.util.Map;
import java.util.Set;

import dev.airlock.dto.generation.GenerationEvent;
import dev.airlock.dto.generation.GenerationRequest;
import dev.airlock.dto.generation.PromptMessage;

/**
 * Checks a generation request again inside the airlock: the bridge validated it, but the
 * channel is a boundary and a request must never reach the engine with values it cannot take.
 */
final class GenerationRequestCheck {
    private static final int MAX_STOP_STRINGS = 16;
    private static final int MAX_N = 128;
    private static final int MAX_TOP_LOGPROBS = 20;
    private static final int MAX_LOGIT_BIAS = 300;
    private static final Set<String> TOOL_CHOICES = Set.of(GenerationRequest.TOOL_CHOICE_AUTO,
            GenerationRequest.TOOL_CHOICE_NONE, GenerationRequest.TOOL_CHOICE_REQUIRED,
            GenerationRequest.TOOL_CHOICE_FUNCTION);

    private GenerationRequestCheck() {
    }

    /**
     * Returns the error event for the first problem, or null when the request is fine.
     *
     * @param raw whether the route takes a raw {@code prompt} instead of messages
     */
    static GenerationEvent problem(GenerationRequest request, boolean raw) {
        GenerationEvent input = raw ? promptProblem(request) : messagesProblem(request);
        if (input != null) {
            return input;
        }
        if (request.maxTokens() != null && request.maxTokens() < 1) {
            return invalid("max_tokens must be at least 1, got " + request.maxTokens(), "max_tokens");
        }
        if (request.temperature() != null && !(request.temperature() >= 0 && request.temperature() <= 2)) {
            return invalid("temperature must be in [0, 2], got " + request.temperature(), "temperature");
        }
        if (request.topP() != null && !(request.topP() > 0 && request.topP() <= 1)) {
            return invalid("top_p must be in (0, 1], got " + request.topP(), "top_p");
        }
        if (request.stop().size() > MAX_STOP_STRINGS) {
            return invalid("at most " + MAX_STOP_STRINGS + " stop strings are allowed, got " + request.stop().size(),
                    "stop");
        }
        GenerationEvent sampling = samplingProblem(request);
        return sampling != null ? sampling : toolProblem(request);
    }

    private static GenerationEvent promptProblem(GenerationRequest request) {
        if (request.prompt() == null) {
            return invalid("prompt is required", "prompt");
        }
        if (!request.messages().isEmpty()) {
            return invalid("send prompt or messages, not both", "messages");
        }
        return null;
    }

    private static GenerationEvent messagesProblem(GenerationRequest request) {
        if (request.prompt() != null) {
            return invalid("prompt is for /internal/v1/completions; send messages here", "prompt");
        }
        if (request.messages().isEmpty()) {
            return invalid("messages must not be empty", "messages");
        }
        for (PromptMessage message : request.messages()) {
            if (message == null) {
                return invalid("messages must not contain null", "messages");
            }
        }
        return null;
    }

    private static GenerationEvent samplingProblem(GenerationRequest request) {
        if (request.n() != null && (request.n() < 1 || request.n() > MAX_N)) {
            return invalid("n must be from 1 to " + MAX_N + ", got " + request.n(), "n");
        }
        if (request.topK() != null && request.topK() < -1) {
            return invalid("top_k must be -1, 0 (off) or positive, got " + request.topK(), "top_k");
        }
        if (request.minP() != null && !(request.minP() >= 0 && request.minP() <= 1)) {
            return invalid("min_p must be in [0, 1], got " + request.minP(), "min_p");
        }
        if (request.repetitionPenalty() != null
                && !(request.repetitionPenalty() > 0 && request.repetitionPenalty() <= 2)) {
            return invalid("repetition_penalty must be in (0, 2], got " + request.repetitionPenalty(),
                    "repetition_penalty");
        }
        GenerationEvent penalty = penaltyProblem("presence_penalty", request.presencePenalty());
        if (penalty == null) {
            penalty = penaltyProblem("frequency_penalty", request.frequencyPenalty());
        }
        if (penalty != null) {
            return penalty;
        }
        if (request.topLogprobs() != null && (request.topLogprobs() < 0 || request.topLogprobs() > MAX_TOP_LOGPROBS
                || !request.wantsLogprobs())) {
            return invalid("top_logprobs must be from 0 to " + MAX_TOP_LOGPROBS + " and needs logprobs, got "
                    + request.topLogprobs(), "top_logprobs");
        }
        return logitBiasProblem(request.logitBias());
    }

    private static GenerationEvent penaltyProblem(String param, Double value) {
        if (value != null && !(value >= -2 && value <= 2)) {
            return invalid(param + " must be in [-2, 2], got " + value, param);
        }
        return null;
    }

    private static GenerationEvent logitBiasProblem(Map<String, Double> logitBias) {
        if (logitBias.size() > MAX_LOGIT_BIAS) {
            return invalid("logit_bias may hold at most " + MAX_LOGIT_BIAS + " tokens, got " + logitBias.size(),
                    "logit_bias");
        }
        for (var entry : logitBias.entrySet()) {
            if (!entry.getKey().matches("\\d{1,9}")) {
                return invalid("logit_bias keys must be token ids, got a key that is not a number", "logit_bias");
            }
            Double bias = entry.getValue();
            if (bias == null || !(bias >= -100 && bias <= 100)) {
                return invalid("logit_bias values must be from -100 to 100, got " + bias, "logit_bias");
            }
        }
        return null;
    }

    private static GenerationEvent toolProblem(GenerationRequest request) {
        String choice = request.toolChoice();
        if (choice != null && !TOOL_CHOICES.contains(choice)) {
            return invalid("tool_choice must be auto, none, required or function", "tool_choice");
        }
        if (request.forcesToolCall() || (choice != null && !GenerationRequest.TOOL_CHOICE_NONE.equals(choice)
                && !GenerationRequest.TOOL_CHOICE_AUTO.equals(choice))) {
            if (request.tools() == null) {
                return invalid("tool_choice " + choice + " needs tools", "tool_choice");
            }
            if (GenerationRequest.TOOL_CHOICE_FUNCTION.equals(choice) && request.toolName() == null) {
                return invalid("tool_choice function needs tool_name", "tool_choice");
            }
        }
        return null;
    }

    /** Returns the error for a logit bias token outside the vocabulary of {@code vocabSize} ids, or null. */
    static GenerationEvent vocabularyProblem(GenerationRequest request, int vocabSize) {
        for (String id : request.logitBias().keySet()) {
            if (Integer.parseInt(id) >= vocabSize) {
                return invalid("logit_bias token " + id + " is outside the vocabulary of " + vocabSize + " tokens",
                        "logit_bias");
            }
        }
        return null;
    }

    private static GenerationEvent invalid(String message, String param) {
        return GenerationEvent.error(400, "invalid_request_error", message, param);
    }
}
