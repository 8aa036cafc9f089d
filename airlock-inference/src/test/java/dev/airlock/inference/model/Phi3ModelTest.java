package dev.airlock.inference.model;

import static dev.airlock.inference.model.Phi3ModelGoldenTest.assertLogitsClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.airlock.inference.lora.LoraAdapter;
import dev.airlock.inference.torch.TorchRuntime;

/** KV-cache, LongRoPE switching and batching on the golden tiny-a model (original context 64). */
class Phi3ModelTest {
    private static Phi3Model model;
    private static LoraAdapter adapter;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        model = Phi3Model.load(GoldenCase.folder("phi3-tiny-a"), EngineOptions.defaults());
        adapter = model.loadAdapter(GoldenCase.folder("phi3-tiny-a").resolve("adapter"));
    }

    @AfterAll
    static void close() {
        adapter.close();
        model.close();
    }

    private static int[] tokens(int n, int seed) {
        return IntStream.range(0, n).map(i -> (i * 37 + seed * 11 + 5) % 256).toArray();
    }

    private static float[] recompute(int[] all, LoraAdapter lora) {
        try (Sequence fresh = model.newSequence(lora)) {
            return fresh.prefill(all);
        }
    }

    @Test
    void decodeWithCacheEqualsFullRecompute() {
        int[] all = tokens(20, 1);
        try (Sequence sequence = model.newSequence(adapter)) {
            sequence.prefill(java.util.Arrays.copyOf(all, 12));
            float[] logits = null;
            for (int i = 12; i < all.length; i++) {
                logits = sequence.decode(all[i]);
            }

            assertLogitsClose(logits, recompute(all, adapter));
        }
    }

    @Test
    void decodeAcrossOriginalContextSwitchesToLongFactorsLikeRecompute() {
        int[] all = tokens(70, 2);
        try (Sequence sequence = model.newSequence(null)) {
            sequence.prefill(java.util.Arrays.copyOf(all, 60));
            float[] logits = null;
            for (int i = 60; i < all.length; i++) {
                logits = sequence.decode(all[i]);
            }

            assertThat(sequence.length()).isEqualTo(70);
            assertLogitsClose(logits, recompute(all, null));
        }
    }

    @Test
    void secondPrefillContinuesTheSequence() {
        int[] all = tokens(30, 3);
        try (Sequence sequence = model.newSequence(adapter)) {
            sequence.prefill(java.util.Arrays.copyOf(all, 10));
            float[] logits = sequence.prefill(java.util.Arrays.copyOfRange(all, 10, 30));

            assertLogitsClose(logits, recompute(all, adapter));
        }
    }

    @Test
    void batchedForwardEqualsOneByOne() {
        int[] a = tokens(9, 4);
        int[] b = tokens(5, 5);
        int[] c = tokens(13, 6);
        try (Sequence sa = model.newSequence(adapter); Sequence sb = model.newSequence(null);
                Sequence sc = model.newSequence(adapter)) {
            List<float[]> prefill = model.forward(List.of(new BatchEntry(sa, a), new BatchEntry(sb, b),
                    new BatchEntry(sc, c)));
            List<float[]> decode = model.forward(List.of(new BatchEntry(sa, new int[] {7}),
                    new BatchEntry(sb, new int[] {8}), new BatchEntry(sc, new int[] {9})));

            assertLogitsClose(prefill.get(0), recompute(a, adapter));
            assertLogitsClose(prefill.get(1), recompute(b, null));
            assertLogitsClose(prefill.get(2), recompute(c, adapter));
            assertLogitsClose(decode.get(0), recompute(append(a, 7), adapter));
            assertLogitsClose(decode.get(1), recompute(append(b, 8), null));
            assertLogitsClose(decode.get(2), recompute(append(c, 9), adapter));
        }
    }

    private static int[] append(int[] tokens, int token) {
        int[] out = java.util.Arrays.copyOf(tokens, tokens.length + 1);
        out[tokens.length] = token;
        return out;
    }

    @Test
    void rejectsTokenOutsideVocabulary() {
        try (Sequence sequence = model.newSequence(null)) {
            assertThatThrownBy(() -> sequence.prefill(new int[] {1, 256}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("token id 256");
            assertThat(sequence.length()).isZero();
        }
    }

    @Test
    void manyStepsKeepNativeMemoryFlat() {
        try (Sequence sequence = model.newSequence(adapter)) {
            sequence.prefill(tokens(8, 7));
            for (int i = 0; i < 20; i++) {
                sequence.decode(i);
            }
            long before = TorchRuntime.physicalBytes();
            for (int i = 0; i < 100; i++) {
                sequence.decode(i);
            }
            long after = TorchRuntime.physicalBytes();

            assertThat(after - before).isLessThan(64L << 20);
        }
    }

    @Test
    void missingTensorIsNamedInTheError() throws IOException {
        Path copy = copyGolden("phi3-tiny-b");
        String config = Files.readString(copy.resolve("config.json")).replace("\"num_hidden_layers\": 2",
                "\"num_hidden_layers\": 3");
        Files.writeString(copy.resolve("config.json"), config);

        assertThatThrownBy(() -> Phi3Model.load(copy, EngineOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no tensor 'model.layers.2.");
    }

    @Test
    void wrongShapeIsNamedInTheError() throws IOException {
        Path copy = copyGolden("phi3-tiny-b");
        String config = Files.readString(copy.resolve("config.json")).replace("\"intermediate_size\": 128",
                "\"intermediate_size\": 96");
        Files.writeString(copy.resolve("config.json"), config);

        assertThatThrownBy(() -> Phi3Model.load(copy, EngineOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mlp.gate_up_proj.weight")
                .hasMessageContaining("[256, 64]")
                .hasMessageContaining("[192, 64]");
    }

    @Test
    void truncatedWeightsFailWithAMessageNotACrash() throws IOException {
        Path copy = copyGolden("phi3-tiny-a");
        byte[] bytes = Files.readAllBytes(copy.resolve("model.safetensors"));
        Files.write(copy.resolve("model.safetensors"), java.util.Arrays.copyOf(bytes, bytes.length - 100));

        assertThatThrownBy(() -> Phi3Model.load(copy, EngineOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model.safetensors")
                .hasMessageContaining("truncated");
    }

    @Test
    void adapterForAnotherShapeIsRejected() {
        assertThatThrownBy(() -> model.loadAdapter(GoldenCase.folder("phi3-tiny-b").resolve("adapter")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("qkv_proj.lora_B.weight")
                .hasMessageContaining("has shape [192, 2]; expected lora_B [out, r] = [128, 2]");
    }

    private Path copyGolden(String name) throws IOException {
        Path target = dir.resolve(name);
        Files.createDirectories(target);
        for (String file : List.of("config.json", "model.safetensors")) {
            Files.copy(GoldenCase.folder(name).resolve(file), target.resolve(file));
        }
        return target;
    }
}
