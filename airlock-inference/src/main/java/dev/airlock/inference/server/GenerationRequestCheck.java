package dev.airlock.inference.server;

import dev.airlock.dto.generation.GenerationEvent;
import dev.airlock.dto.generation.GenerationRequest;
import dev.airlock.dto.generation.PromptMessage;

/**
 * Checks a generation request again inside the airlock: the bridge validated it, but the
 * channel is a boundary and a request must never reach the engine with values it cannot take.
 */
final class GenerationRequestCheck {
    private static final int MAX_STOP_STRINGS = 16;

    private GenerationRequestCheck() {
    }

    /** Returns the error event for the first problem, or null when the request is fine. */
    static GenerationEvent problem(GenerationRequest request) {
        if (request.messages().isEmpty()) {
            return invalid("messages must not be empty", "messages");
        }
        for (PromptMessage message : request.messages()) {
            if (message == null) {
                return invalid("messages must not contain null", "messages");
            }
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
        return null;
    }

    private static GenerationEvent invalid(String message, String param) {
        return GenerationEvent.error(400, "invalid_request_error", message, param);
    }
}
