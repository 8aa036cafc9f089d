package dev.airlock.inference.server;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.airlock.dto.generation.GenerationRequest;
import dev.airlock.dto.generation.PromptMessage;

import static org.assertj.core.api.Assertions.assertThat;

class GenerationRequestCheckTest {
    private static final List<PromptMessage> HI = List.of(new PromptMessage("user", "hi"));

    private static GenerationRequest request(String prompt, List<PromptMessage> messages, Integer n, Integer topK,
            Double minP, Double repetition, Map<String, Double> bias, Boolean logprobs, Integer top, String tools,
            String choice, String name) {
        return new GenerationRequest("m", messages, 4, null, null, null, null, prompt, n, topK, minP, repetition,
                null, null, bias, logprobs, top, tools, choice, name);
    }

    static List<Arguments> problems() {
        return List.of(
                Arguments.of(request(null, HI, 0, null, null, null, null, null, null, null, null, null), false, "n"),
                Arguments.of(request(null, HI, null, -2, null, null, null, null, null, null, null, null), false, "top_k"),
                Arguments.of(request(null, HI, null, null, 1.5, null, null, null, null, null, null, null), false, "min_p"),
                Arguments.of(request(null, HI, null, null, null, 0.0, null, null, null, null, null, null), false,
                        "repetition_penalty"),
                Arguments.of(request(null, HI, null, null, null, null, Map.of("x", 1.0), null, null, null, null, null),
                        false, "logit_bias"),
                Arguments.of(request(null, HI, null, null, null, null, Map.of("5", 101.0), null, null, null, null, null),
                        false, "logit_bias"),
                Arguments.of(request(null, HI, null, null, null, null, null, null, 2, null, null, null), false,
                        "top_logprobs"),
                Arguments.of(request(null, HI, null, null, null, null, null, null, null, null, "required", null), false,
                        "tool_choice"),
                Arguments.of(request(null, HI, null, null, null, null, null, null, null, "[]", "function", null), false,
                        "tool_choice"),
                Arguments.of(request(null, HI, null, null, null, null, null, null, null, null, null, null), true,
                        "prompt"),
                Arguments.of(request("x", List.of(), null, null, null, null, null, null, null, null, null, null), false,
                        "prompt"));
    }

    @ParameterizedTest
    @MethodSource("problems")
    void outOfRangeFieldIs400NamingIt(GenerationRequest request, boolean raw, String param) {
        var problem = GenerationRequestCheck.problem(request, raw);

        assertThat(problem).isNotNull();
        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.param()).isEqualTo(param);
    }

    @Test
    void fullRequestIsAccepted() {
        var request = request(null, HI, 3, 40, 0.05, 1.1, Map.of("42", -100.0), true, 5, "[]", "auto", null);

        assertThat(GenerationRequestCheck.problem(request, false)).isNull();
        assertThat(GenerationRequestCheck.vocabularyProblem(request, 42).param()).isEqualTo("logit_bias");
        assertThat(GenerationRequestCheck.vocabularyProblem(request, 43)).isNull();
    }
}
