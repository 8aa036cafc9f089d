package dev.airlock.dto.generation;

import java.util.List;

/**
 * Body of {@code POST /internal/v1/tokenize}: a raw prompt, or messages rendered with the chat
 * template (and the tools, when given).
 *
 * @param model the served model name
 * @param prompt text to tokenize as is; null when {@code messages} are given
 * @param messages a conversation to render first; empty for a raw prompt
 * @param addGenerationPrompt for messages: end with the assistant turn's opening; null for true
 * @param tools tools JSON text as in {@link GenerationRequest#tools()}; null for none
 */
public record TokenizeRequest(String model, String prompt, List<PromptMessage> messages,
        Boolean addGenerationPrompt, String tools) {
    public TokenizeRequest {
        messages = messages == null ? List.of() : List.copyOf(messages);
    }
}
