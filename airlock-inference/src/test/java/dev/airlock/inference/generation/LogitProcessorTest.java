package dev.airlock.inference.generation;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.airlock.dto.generation.GenerationRequest;
import dev.airlock.dto.generation.PromptMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LogitProcessorTest {
    private static GenerationRequest request(Double repetition, Double presence, Double frequency,
            Map<String, Double> bias) {
        return new GenerationRequest("m", List.of(new PromptMessage("user", "hi")), null, null, null, null, null,
                null, null, null, null, repetition, presence, frequency, bias, null, null, null, null, null);
    }

    @Test
    void neutralRequestHasNoProcessors() {
        assertThat(LogitProcessor.of(request(1.0, 0.0, 0.0, null))).isEmpty();
    }

    @Test
    void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogitsOfSeenTokens() {
        float[] logits = {2f, -2f, 2f, 1f};
        var history = new TokenHistory(new int[] {0});
        history.add(1);

        LogitProcessor.applyAll(LogitProcessor.of(request(2.0, null, null, null)), logits, history);

        assertThat(logits).containsExactly(1f, -4f, 2f, 1f);
    }

    @Test
    void presenceAndFrequencyPenaltiesCountGeneratedTokensOnly() {
        float[] logits = {0f, 0f, 0f};
        var history = new TokenHistory(new int[] {2});
        history.add(0);
        history.add(0);
        history.add(1);

        LogitProcessor.applyAll(LogitProcessor.of(request(null, 0.5, 0.25, null)), logits, history);

        assertThat(logits[0]).isCloseTo(-1.0f, within(1e-6f));
        assertThat(logits[1]).isCloseTo(-0.75f, within(1e-6f));
        assertThat(logits[2]).isZero();
    }

    @Test
    void logitBiasAddsToTheNamedTokensAndIgnoresIdsOutsideTheLogits() {
        float[] logits = {1f, 1f};

        LogitProcessor.applyAll(LogitProcessor.of(request(null, null, null, Map.of("1", -100.0, "7", 5.0))),
                logits, new TokenHistory(new int[0]));

        assertThat(logits).containsExactly(1f, -99f);
    }

    @Test
    void topIdsAreSortedByLogitDescending() {
        float[] logits = {0.1f, 3f, -1f, 2f, 3f};

        assertThat(Logprobs.topIds(logits, 3)).containsExactly(1, 4, 3);
        assertThat(Logprobs.topIds(logits, 9)).containsExactly(1, 4, 3, 0, 2);
        assertThat(Logprobs.topIds(logits, 0)).isEmpty();
    }
}
