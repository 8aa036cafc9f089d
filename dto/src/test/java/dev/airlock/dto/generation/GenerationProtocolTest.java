package dev.airlock.dto.generation;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.airlock.dto.Json;

import static org.assertj.core.api.Assertions.assertThat;

class GenerationProtocolTest {
    @Test
    void oneChoiceEventsKeepTheirOriginalWireShape() {
        assertThat(Json.write(GenerationEvent.delta("hi", 1))).isEqualTo("{\"text\":\"hi\",\"tokens\":1,\"type\":\"delta\"}");
        assertThat(Json.write(GenerationEvent.done("stop", 3, 2)))
                .isEqualTo("{\"completion_tokens\":2,\"finish_reason\":\"stop\",\"prompt_tokens\":3,\"type\":\"done\"}");
    }

    @Test
    void deltaWithIndexAndLogprobsRoundTrips() {
        var logprob = new TokenLogprob(7, "hi", -0.5, List.of(104, 105),
                List.of(new TokenLogprob(7, "hi", -0.5, List.of(104, 105), null)));
        var event = GenerationEvent.delta(1, "hi", 1, List.of(logprob));

        var back = Json.read(Json.write(event), GenerationEvent.class);

        assertThat(back).isEqualTo(event);
        assertThat(back.choiceIndex()).isEqualTo(1);
    }

    @Test
    void requestWithExtensionsRoundTripsAndOldFieldsStillRead() {
        var request = new GenerationRequest("m", List.of(new PromptMessage("assistant", "", null,
                "[{\"name\": \"f\", \"arguments\": {}}]", null)), 5, 0.5, 0.9, 7L, List.of("x"), null, 2, 40, 0.05,
                1.1, 0.5, -0.5, Map.of("42", -100.0), true, 2, "[]", "function", "f");

        assertThat(Json.read(Json.write(request), GenerationRequest.class)).isEqualTo(request);
        var old = Json.read("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                GenerationRequest.class);
        assertThat(old.choices()).isEqualTo(1);
        assertThat(old.logitBias()).isEmpty();
        assertThat(old.messages().getFirst()).isEqualTo(new PromptMessage("user", "hi"));
        assertThat(Json.write(old)).doesNotContain("choices").doesNotContain("wants");
    }
}
