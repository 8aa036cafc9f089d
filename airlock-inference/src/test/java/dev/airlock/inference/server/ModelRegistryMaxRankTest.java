package dev.airlock.inference.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.airlock.inference.checkpoint.ModelPreset;
import dev.airlock.inference.checkpoint.RandomCheckpoint;
import dev.airlock.inference.checkpoint.RandomCheckpointOptions;
import dev.airlock.inference.checkpoint.SafetensorsDtype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** BL-16 at startup and at run time: an adapter above max_lora_rank never loads. */
class ModelRegistryMaxRankTest {
    @TempDir
    static Path dir;

    @Test
    void adapterAboveMaxLoraRankFailsStartupNamingBothRanks() throws IOException {
        Path checkpoint = dir.resolve("startup-model");
        RandomCheckpoint.write(checkpoint, ModelPreset.demo(), RandomCheckpointOptions.of(3));
        Path big = dir.resolve("startup-rank32");
        RandomCheckpoint.writeAdapter(big, ModelPreset.demo(), 32, 5, SafetensorsDtype.F32);
        var config = config(checkpoint, "\"adapters\": {\"big\": \"" + big + "\"}, \"max_lora_rank\": 16");

        assertThatThrownBy(() -> ModelRegistry.load(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("adapter rank 32 exceeds max_lora_rank 16");
    }

    @Test
    void runTimeLoadAboveMaxLoraRankIsRefusedAndTheRegistryKeepsServing() throws IOException {
        Path checkpoint = dir.resolve("runtime-model");
        RandomCheckpoint.write(checkpoint, ModelPreset.demo(), RandomCheckpointOptions.of(3));
        Path big = dir.resolve("runtime-rank80");
        RandomCheckpoint.writeAdapter(big, ModelPreset.demo(), 80, 5, SafetensorsDtype.F32);
        Path small = dir.resolve("runtime-rank8");
        RandomCheckpoint.writeAdapter(small, ModelPreset.demo(), 8, 6, SafetensorsDtype.F32);

        try (var registry = ModelRegistry.load(config(checkpoint, "\"adapters\": {}"))) {
            assertThatThrownBy(() -> registry.loadAdapter("big", null, big))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("adapter rank 80 exceeds max_lora_rank 64");
            assertThat(registry.find("big")).isEmpty();
            assertThat(registry.loadAdapter("small", null, small).name()).isEqualTo("small");
        }
    }

    private static InferenceConfig config(Path checkpoint, String fields) throws IOException {
        Path file = Files.writeString(Files.createTempFile(dir, "model_config", ".json"),
                "{\"models\": [{\"name\": \"base\", \"path\": \"" + checkpoint + "\", " + fields + "}]}");
        return InferenceConfig.load(file, Map.of());
    }
}
