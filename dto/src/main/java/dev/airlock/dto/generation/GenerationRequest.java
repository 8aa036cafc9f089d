package dev.airlock.dto.generation;

import java.util.List;
import java.util.Map;

import jakarta.json.bind.annotation.JsonbCreator;

/**
 * What the bridge asks the inference server to generate. The bridge has validated every field;
 * the inference server checks them again because the channel is a boundary. Optional fields are
 * null when the client did not send them; null always means the neutral value.
 *
 * @param model the served model name (a base or an adapter)
 * @param messages the conversation to render with the model's chat template; empty for a raw prompt
 * @param maxTokens the most tokens to generate per choice, at least 1; null for "until the context is full"
 * @param temperature 0 for greedy; null for 1
 * @param topP nucleus mass in (0, 1]; null for 1
 * @param seed sampling seed; null for a random one. Choice {@code i} uses {@code seed + i}
 * @param stop strings that end the generation (not included in the output); may be empty
 * @param prompt raw prompt text for {@code /internal/v1/completions}, tokenized as is; null for chat
 * @param n how many choices to generate, 1..128; null for 1
 * @param topK keep the k most likely tokens; null or 0 disables
 * @param minP drop tokens below {@code minP × p(most likely)}, [0, 1]; null disables
 * @param repetitionPenalty transformers' meaning: logits of tokens seen in prompt or output are
 *     divided by it when positive and multiplied when negative; (0, 2]; null for 1
 * @param presencePenalty OpenAI's meaning, over generated tokens: subtracted once from the logit of
 *     every token generated so far; [-2, 2]; null for 0
 * @param frequencyPenalty OpenAI's meaning: subtracted per occurrence in the generated tokens; [-2, 2]
 * @param logitBias token id (as a decimal string) to a bias from -100 to 100 added to its logit
 * @param logprobs whether delta events carry {@link TokenLogprob}s of their tokens
 * @param topLogprobs how many alternatives each {@link TokenLogprob} lists, 0..20; needs logprobs
 * @param tools the tool list as JSON text in Phi-4's format ({@code [{"name","description",
 *     "parameters"}]}), rendered in the system turn; null for none
 * @param toolChoice {@code auto}, {@code none}, {@code required} or {@code function}; null for
 *     {@code auto} when there are tools. {@code required} and {@code function} force a call.
 * @param toolName the function a {@code function} tool choice names
 */
public record GenerationRequest(
        String model,
        List<PromptMessage> messages,
        Integer maxTokens,
        Double temperature,
        Double topP,
        Long seed,
        List<String> stop,
        String prompt,
        Integer n,
        Integer topK,
        Double minP,
        Double repetitionPenalty,
        Double presencePenalty,
        Double frequencyPenalty,
        Map<String, Double> logitBias,
        Boolean logprobs,
        Integer topLogprobs,
        String tools,
        String toolChoice,
        String toolName) {
    public static final String TOOL_CHOICE_AUTO = "auto";
    public static final String TOOL_CHOICE_NONE = "none";
    public static final String TOOL_CHOICE_REQUIRED = "required";
    public static final String TOOL_CHOICE_FUNCTION = "function";

    @JsonbCreator
    public GenerationRequest {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model is required");
        }
        messages = messages == null ? List.of() : List.copyOf(messages);
        stop = stop == null ? List.of() : List.copyOf(stop);
        logitBias = logitBias == null ? Map.of() : Map.copyOf(logitBias);
    }

    /** A chat request with only the original seven fields; every extension neutral. */
    public GenerationRequest(String model, List<PromptMessage> messages, Integer maxTokens, Double temperature,
            Double topP, Long seed, List<String> stop) {
        this(model, messages, maxTokens, temperature, topP, seed, stop, null, null, null, null, null, null, null,
                null, null, null, null, null, null);
    }

    /** Returns the number of choices, 1 when not given. */
    public int choices() {
        return n == null ? 1 : n;
    }

    /** Returns whether delta events must carry log probabilities. */
    public boolean wantsLogprobs() {
        return Boolean.TRUE.equals(logprobs);
    }

    /** Returns whether the output must be a tool call ({@code required} or a named function). */
    public boolean forcesToolCall() {
        return tools != null && (TOOL_CHOICE_REQUIRED.equals(toolChoice) || TOOL_CHOICE_FUNCTION.equals(toolChoice));
    }
}
