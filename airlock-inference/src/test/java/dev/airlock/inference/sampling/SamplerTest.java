package dev.airlock.inference.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class SamplerTest {
    private static final float[] LOGITS = {1.0f, 3.0f, 2.5f, -1.0f, 0.5f, 2.9f};

    private static int[] draw(SamplingParams params, int n) {
        Sampler sampler = Sampler.of(params);
        return IntStream.range(0, n).map(i -> sampler.sample(LOGITS)).toArray();
    }

    @Test
    void temperatureZeroIsArgmax() {
        assertThat(draw(SamplingParams.greedy(), 5)).containsOnly(1);
    }

    @Test
    void sameSeedGivesSameTokens() {
        var params = new SamplingParams(1.0, 1.0, 0, 0.0, 42L);

        assertThat(draw(params, 50)).containsExactly(draw(params, 50));
    }

    @Test
    void differentSeedsGiveDifferentStreams() {
        assertThat(draw(new SamplingParams(1.0, 1.0, 0, 0.0, 1L), 50))
                .isNotEqualTo(draw(new SamplingParams(1.0, 1.0, 0, 0.0, 2L), 50));
    }

    @Test
    void topKOneIsArgmax() {
        assertThat(draw(new SamplingParams(1.5, 1.0, 1, 0.0, 7L), 30)).containsOnly(1);
    }

    @Test
    void topKKeepsOnlyTheKMostLikely() {
        assertThat(draw(new SamplingParams(2.0, 1.0, 2, 0.0, 7L), 200)).containsOnly(1, 5);
    }

    @Test
    void smallTopPKeepsOnlyTheMostLikely() {
        assertThat(draw(new SamplingParams(1.0, 0.01, 0, 0.0, 7L), 30)).containsOnly(1);
    }

    @Test
    void minPDropsUnlikelyTokens() {
        // p(2.5) / p(3.0) = e^-0.5 = 0.61 stays; p(1.0) / p(3.0) = e^-2 = 0.14 goes.
        assertThat(draw(new SamplingParams(1.0, 1.0, 0, 0.5, 7L), 300)).containsOnly(1, 2, 5);
    }

    @Test
    void fullSamplingReachesEveryToken() {
        var seen = new HashSet<Integer>();
        for (int t : draw(new SamplingParams(2.0, 1.0, 0, 0.0, 3L), 2000)) {
            seen.add(t);
        }

        assertThat(seen).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
    }

    @Test
    void rejectsTopPOutsideRange() {
        assertThatThrownBy(() -> new SamplingParams(1.0, 0.0, 0, 0.0, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("top_p");
    }

    @Test
    void topPAppliesToTheTopKSetRenormalizedAsTransformersDoes() {
        // Over top-2 {3.0, 2.9}, p(3.0) = 0.525 >= 0.5; over all six it would be 0.36 and keep two.
        assertThat(draw(new SamplingParams(1.0, 0.5, 2, 0.0, 7L), 100)).containsOnly(1);
    }

    @Test
    void sameSeedGivesSameTokensWithEveryFilterOn() {
        var params = new SamplingParams(0.8, 0.9, 4, 0.05, 1234L);

        assertThat(draw(params, 200)).containsExactly(draw(params, 200));
    }

    @Test
    void rejectsOutOfRangeValuesNamingTheField() {
        assertThatThrownBy(() -> new SamplingParams(Double.NaN, 1.0, 0, 0.0, null))
                .hasMessageContaining("temperature");
        assertThatThrownBy(() -> new SamplingParams(2.5, 1.0, 0, 0.0, null)).hasMessageContaining("temperature");
        assertThatThrownBy(() -> new SamplingParams(1.0, 1.5, 0, 0.0, null)).hasMessageContaining("top_p");
        assertThatThrownBy(() -> new SamplingParams(1.0, Double.NaN, 0, 0.0, null)).hasMessageContaining("top_p");
        assertThatThrownBy(() -> new SamplingParams(1.0, 1.0, -1, 0.0, null)).hasMessageContaining("top_k");
        assertThatThrownBy(() -> new SamplingParams(1.0, 1.0, 0, -0.1, null)).hasMessageContaining("min_p");
        assertThatThrownBy(() -> new SamplingParams(1.0, 1.0, 0, Double.NaN, null)).hasMessageContaining("min_p");
    }

    @Test
    void rejectsNanLogits() {
        Sampler sampler = Sampler.of(new SamplingParams(1.0, 1.0, 0, 0.0, 1L));

        assertThatThrownBy(() -> sampler.sample(new float[] {1, Float.NaN}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
    }
}
