package dev.airlock.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.airlock.inference.checkpoint.SafetensorsDtype;
import dev.airlock.inference.checkpoint.SafetensorsReader;
import dev.airlock.inference.checkpoint.SafetensorsWriter;
import dev.airlock.inference.checkpoint.TensorEntry;

/** Checkpoint layouts other than one Phi-3 file: Phi-4-multimodal keys, shards, and a real Phi-4 when present. */
class CheckpointLayoutTest {
    private static final int[] PROMPT = {3, 17, 42, 5, 99};

    @TempDir
    Path dir;

    @Test
    void multimodalCheckpointLoadsItsTextPartFromBaseLayerKeys() throws IOException {
        Path golden = GoldenCase.folder("phi3-tiny-a");
        var tensors = new ArrayList<SafetensorsWriter.Tensor>();
        for (var e : readAll(golden.resolve("model.safetensors")).entrySet()) {
            String name = e.getKey();
            boolean projection = name.contains("_proj.weight");
            String key = projection ? name.replace(".weight", ".base_layer.weight") : name;
            tensors.add(SafetensorsWriter.Tensor.of(key, SafetensorsDtype.F32, e.getValue().shape(), e.getValue().data()));
            if (projection) {
                // Built-in adapters the text model must ignore, shaped wrongly on purpose.
                String module = name.substring(0, name.length() - ".weight".length());
                tensors.add(SafetensorsWriter.Tensor.of(module + ".lora_A.vision.weight", SafetensorsDtype.F32,
                        new long[] {2, 3}, new float[6]));
                tensors.add(SafetensorsWriter.Tensor.of(module + ".lora_B.speech.weight", SafetensorsDtype.F32,
                        new long[] {3, 2}, new float[6]));
            }
        }
        Files.createDirectories(dir.resolve("mm"));
        SafetensorsWriter.write(dir.resolve("mm/model.safetensors"), tensors, Map.of("format", "pt"));
        Files.writeString(dir.resolve("mm/config.json"), Files.readString(golden.resolve("config.json"))
                .replace("Phi3ForCausalLM", "Phi4MMForCausalLM"));

        assertThat(logits(dir.resolve("mm"))).containsExactly(logits(golden));
    }

    @Test
    void shardedCheckpointLoadsLikeTheSingleFile() throws IOException {
        Path golden = GoldenCase.folder("phi3-tiny-a");
        var first = new ArrayList<SafetensorsWriter.Tensor>();
        var second = new ArrayList<SafetensorsWriter.Tensor>();
        var weightMap = Json.createObjectBuilder();
        for (var e : readAll(golden.resolve("model.safetensors")).entrySet()) {
            boolean early = e.getKey().startsWith("model.layers.0.") || e.getKey().startsWith("model.embed");
            String shard = early ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors";
            (early ? first : second).add(SafetensorsWriter.Tensor.of(e.getKey(), SafetensorsDtype.F32,
                    e.getValue().shape(), e.getValue().data()));
            weightMap.add(e.getKey(), shard);
        }
        Path sharded = Files.createDirectories(dir.resolve("sharded"));
        SafetensorsWriter.write(sharded.resolve("model-00001-of-00002.safetensors"), first, Map.of());
        SafetensorsWriter.write(sharded.resolve("model-00002-of-00002.safetensors"), second, Map.of());
        Files.writeString(sharded.resolve("model.safetensors.index.json"), Json.createObjectBuilder()
                .add("metadata", Json.createObjectBuilder().add("total_size", 0))
                .add("weight_map", weightMap)
                .build()
                .toString());
        Files.copy(golden.resolve("config.json"), sharded.resolve("config.json"));

        assertThat(logits(sharded)).containsExactly(logits(golden));
    }

    @Test
    void loadsARealPhi4CheckpointWhenOneIsGiven() {
        String folder = System.getenv("AIRLOCK_PHI4_DIR");
        assumeTrue(folder != null && !folder.isBlank(), "set AIRLOCK_PHI4_DIR to a Phi-4-mini-instruct folder");

        try (Phi3Model model = Phi3Model.load(Path.of(folder), EngineOptions.defaults());
                Sequence sequence = model.newSequence(null)) {
            float[] logits = sequence.prefill(new int[] {200021, 13225, 200020, 200019});

            assertThat(logits).hasSize(model.config().vocabSize());
            for (float v : logits) {
                assertThat(Float.isFinite(v)).isTrue();
            }
        }
    }

    private static float[] logits(Path checkpoint) {
        try (Phi3Model model = Phi3Model.load(checkpoint, EngineOptions.defaults());
                Sequence sequence = model.newSequence(null)) {
            return sequence.prefill(PROMPT);
        }
    }

    private record Values(long[] shape, float[] data) {
    }

    private static Map<String, Values> readAll(Path file) {
        var out = new LinkedHashMap<String, Values>();
        try (var reader = SafetensorsReader.open(file)) {
            for (TensorEntry entry : reader.entries()) {
                ByteBuffer bytes = reader.map(entry, 0, (int) entry.sizeBytes()).order(ByteOrder.LITTLE_ENDIAN);
                float[] data = new float[(int) entry.numel()];
                bytes.asFloatBuffer().get(data);
                out.put(entry.name(), new Values(entry.shape(), data));
            }
        }
        return out;
    }
}
