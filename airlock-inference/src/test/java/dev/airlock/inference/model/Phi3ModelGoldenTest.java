package dev.airlock.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.airlock.inference.lora.LoraAdapter;
import dev.airlock.inference.sampling.Sampler;

/** Checks the engine against logits and greedy tokens of an independent float64 reference. */
class Phi3ModelGoldenTest {
    private static final Map<String, Phi3Model> MODELS = new HashMap<>();
    private static final Map<String, LoraAdapter> ADAPTERS = new HashMap<>();

    static Stream<GoldenCase> cases() {
        return Stream.of("phi3-tiny-a", "phi3-tiny-b").flatMap(m -> GoldenCase.read(m).stream());
    }

    private static Phi3Model model(String name) {
        return MODELS.computeIfAbsent(name, n -> Phi3Model.load(GoldenCase.folder(n), EngineOptions.defaults()));
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
    void matchesReferenceWithinFloat32Tolerance(GoldenCase c) {
        try (Sequence sequence = model(c.model()).newSequence(adapter(c))) {
            if (c.kind().equals("logits")) {
                float[] logits = sequence.prefill(c.tokens());

                assertLogitsClose(logits, c.logits());
            } else {
                int[] generated = greedy(sequence, c.tokens(), c.steps());

                assertThat(generated).containsExactly(c.expected());
            }
        }
    }

    static int[] greedy(Sequence sequence, int[] prompt, int steps) {
        int[] out = new int[steps];
        float[] logits = sequence.prefill(prompt);
        for (int i = 0; i < steps; i++) {
            out[i] = Sampler.argmax(logits);
            if (i + 1 < steps) {
                logits = sequence.decode(out[i]);
            }
        }
        return out;
    }

    static void assertLogitsClose(float[] actual, float[] expected) {
        float max = 0;
        for (float v : expected) {
            max = Math.max(max, Math.abs(v));
        }
        assertThat(actual).hasSameSizeAs(expected);
        assertThat(actual).containsExactly(expected, within(1e-4f * max));
    }
}
