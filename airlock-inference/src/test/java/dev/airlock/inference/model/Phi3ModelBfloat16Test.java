package dev.airlock.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.airlock.inference.lora.LoraAdapter;
import dev.airlock.inference.sampling.Sampler;
import dev.airlock.inference.torch.TorchRuntime;

/**
 * Runs the golden cases with bfloat16 weights and activations on the CPU. bf16 keeps 8 mantissa
 * bits (relative step 2^-8 = 3.9e-3) and every weight, activation and rotary table is rounded, so
 * the logits are held to 1e-1 of the largest |logit| (measured: 1.1e-2 to 6.0e-2, the worst on
 * the 69-token case that switches to the long rope factors) rather than the float32 test's 1e-4.
 */
class Phi3ModelBfloat16Test {
    private static final float TOLERANCE_OF_MAX = 1e-1f;
    private static final EngineOptions BF16 = new EngineOptions("cpu", "bfloat16");
    private static final Map<String, Phi3Model> MODELS = new HashMap<>();
    private static final Map<String, LoraAdapter> ADAPTERS = new HashMap<>();

    static Stream<GoldenCase> cases() {
        return Stream.of("phi3-tiny-a", "phi3-tiny-b").flatMap(m -> GoldenCase.read(m).stream());
    }

    private static Phi3Model model(String name) {
        return MODELS.computeIfAbsent(name, n -> Phi3Model.load(GoldenCase.folder(n), BF16));
    }

    private static LoraAdapter adapter(GoldenCase c) {
        if (!c.adapter()) {
            return null;
        }
        return ADAPTERS.computeIfAbsent(c.model(), n -> model(n).loadAdapter(GoldenCase.folder(n).resolve("adapter")));
    }

    @AfterAll
    static void closeModels() {
        ADAPTERS.values().forEach(LoraAdapter::close);
        MODELS.values().forEach(Phi3Model::close);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesReferenceWithinBfloat16Tolerance(GoldenCase c) {
        try (Sequence sequence = model(c.model()).newSequence(adapter(c))) {
            if (c.kind().equals("greedy")) {
                // Later steps may part from float32 on a near tie; all of them run the bf16 decode path.
                int[] generated = Phi3ModelGoldenTest.greedy(sequence, c.tokens(), c.steps());

                assertThat(generated).hasSize(c.steps());
                assertThat(generated[0]).isEqualTo(c.expected()[0]);
            } else {
                float[] logits = sequence.prefill(c.tokens());
                float max = maxAbs(c.logits());
                float error = maxAbsDifference(logits, c.logits());

                assertThat(error).isLessThanOrEqualTo(TOLERANCE_OF_MAX * max);
                assertThat(Sampler.argmax(logits)).isEqualTo(Sampler.argmax(c.logits()));
            }
        }
    }

    @Test
    void keepsWeightsInBfloat16() {
        try (Phi3Model float32 = Phi3Model.load(GoldenCase.folder("phi3-tiny-a"), EngineOptions.defaults())) {
            assertThat(model("phi3-tiny-a").decodeWeightBytes() * 2).isEqualTo(float32.decodeWeightBytes());
        }
    }

    @Test
    void defaultsDtypeByDevice() {
        assertThat(new EngineOptions("cpu", null).dtype()).isEqualTo("float32");
        assertThat(new EngineOptions("cuda", null).dtype()).isEqualTo("bfloat16");
        assertThatThrownBy(() -> new EngineOptions("cpu", "float16"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("float16");
        assertThatThrownBy(() -> new EngineOptions("mps", "float32"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mps");
    }

    @Test
    void refusesCudaWhenLibtorchHasNone() {
        org.junit.jupiter.api.Assumptions.assumeFalse(TorchRuntime.cudaAvailable(), "a CUDA device is present");

        assertThatThrownBy(() -> Phi3Model.load(GoldenCase.folder("phi3-tiny-a"), new EngineOptions("cuda", null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("device cuda requested")
                .hasMessageContaining("libtorch reports no CUDA device; build with -Pcuda and install CUDA 13.1 "
                        + "+ cuDNN 9.19");
    }

    private static float maxAbs(float[] values) {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static float maxAbsDifference(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        float max = 0;
        for (int i = 0; i < actual.length; i++) {
            max = Math.max(max, Math.abs(actual[i] - expected[i]));
        }
        return max;
    }
}
