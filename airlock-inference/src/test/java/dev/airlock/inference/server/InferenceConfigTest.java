package dev.airlock.inference.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InferenceConfigTest {
    @TempDir
    Path dir;

    @Test
    void readsModelsWithVariablesAndRelativePaths() throws IOException {
        Path file = write("""
                {"models": [{"name": "base", "path": "${CACHE}/m", "adapters": {"a": "adapters/a"}}]}
                """);

        var config = InferenceConfig.load(file, Map.of("CACHE", "/srv/cache"));

        var entry = config.models().getFirst();
        assertThat(entry.name()).isEqualTo("base");
        assertThat(entry.path()).isEqualTo(Path.of("/srv/cache/m"));
        assertThat(entry.adapters()).containsEntry("a", dir.resolve("adapters/a"));
        assertThat(entry.device()).isEqualTo("cpu");
        assertThat(entry.dtype()).isEqualTo("float32");
    }

    @Test
    void readsTheModelsOfTheShippedDockerExample() {
        var models = InferenceConfig.load(Path.of("../model_config.docker.example.json"), Map.of()).models();

        assertThat(models).singleElement().satisfies(model -> {
            assertThat(model.name()).isEqualTo("phi-4-mini-instruct");
            assertThat(model.adapters()).containsKey("my-adapter");
        });
    }

    @Test
    void dtypeDefaultsToBfloat16OnCudaAndFloat32OnCpu() throws IOException {
        Path file = write("""
                {"models": [{"name": "gpu", "path": "/g", "device": "cuda"}, {"name": "cpu", "path": "/c"}]}
                """);

        var models = InferenceConfig.load(file, Map.of()).models();

        assertThat(models.get(0).dtype()).isEqualTo("bfloat16");
        assertThat(models.get(1).dtype()).isEqualTo("float32");
    }

    @Test
    void readsGenerationDefaultsAndRequestValuesWin() throws IOException {
        Path file = write("""
                {"models": [{"name": "m", "path": "/m",
                  "generation": {"temperature": 0.2, "top_p": 0.9, "top_k": 40, "max_tokens": 256}}]}
                """);

        GenerationDefaults defaults = InferenceConfig.load(file, Map.of()).models().getFirst().generation();

        assertThat(defaults.temperature(null)).isEqualTo(0.2);
        assertThat(defaults.temperature(1.5)).isEqualTo(1.5);
        assertThat(defaults.topP(null)).isEqualTo(0.9);
        assertThat(defaults.topK(null)).isEqualTo(40);
        assertThat(defaults.minP(null)).isEqualTo(0.0);
        assertThat(defaults.maxTokens(null)).isEqualTo(256);
        assertThat(defaults.maxTokens(8)).isEqualTo(8);
    }

    @Test
    void rejectsGenerationDefaultsOutOfRangeWithTheirJsonPaths() throws IOException {
        Path file = write("""
                {"models": [{"name": "m", "path": "/m", "generation": {"temperature": 3, "max_tokens": 1.5}}]}
                """);

        assertThatThrownBy(() -> InferenceConfig.load(file, Map.of()))
                .hasMessageContaining("$.models[0].generation.temperature: expected a number in [0, 2]")
                .hasMessageContaining("$.models[0].generation.max_tokens: expected an integer");
    }

    @Test
    void withoutGenerationDefaultsTheOpenAiDefaultsApply() throws IOException {
        Path file = write("""
                {"models": [{"name": "m", "path": "/m"}]}
                """);

        GenerationDefaults defaults = InferenceConfig.load(file, Map.of()).models().getFirst().generation();

        assertThat(defaults.temperature(null)).isEqualTo(1.0);
        assertThat(defaults.topP(null)).isEqualTo(1.0);
        assertThat(defaults.topK(null)).isZero();
        assertThat(defaults.maxTokens(null)).isNull();
    }

    @Test
    void readsTheOriginalProjectsFields() throws IOException {
        Path file = write("""
                {"name": "phi-4", "model_path": "/models/phi4", "adapter_map": {"sql": "/adapters/sql"},
                 "max_concurrent_per_adapter": 2}
                """);

        var entry = InferenceConfig.load(file, Map.of()).models().getFirst();

        assertThat(entry.path()).isEqualTo(Path.of("/models/phi4"));
        assertThat(entry.adapters()).containsEntry("sql", Path.of("/adapters/sql"));
    }

    @Test
    void maxLoraRankDefaultsTo64AndIsReadPerModel() throws IOException {
        Path file = write("""
                {"models": [{"name": "a", "path": "/a"}, {"name": "b", "path": "/b", "max_lora_rank": 16}]}
                """);

        var models = InferenceConfig.load(file, Map.of()).models();

        assertThat(models.get(0).maxLoraRank()).isEqualTo(ModelEntry.DEFAULT_MAX_LORA_RANK).isEqualTo(64);
        assertThat(models.get(1).maxLoraRank()).isEqualTo(16);
    }

    @Test
    void maxLoraRankMustBeAPositiveInteger() throws IOException {
        Path file = write("""
                {"models": [{"name": "a", "path": "/a", "max_lora_rank": 0},
                            {"name": "b", "path": "/b", "max_lora_rank": "16"}]}
                """);

        assertThatThrownBy(() -> InferenceConfig.load(file, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$.models[0].max_lora_rank: expected an integer from 1 to 4096, found number 0")
                .hasMessageContaining("$.models[1].max_lora_rank: expected an integer");
    }

    @Test
    void reportsEveryProblemWithItsJsonPath() throws IOException {
        Path file = write("""
                {"models": [{"path": "/m", "device": "tpu"}, {"name": "x", "path": "${MISSING}"}]}
                """);

        assertThatThrownBy(() -> InferenceConfig.load(file, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 problem(s)")
                .hasMessageContaining("$.models[0].name: required")
                .hasMessageContaining("$.models[0].device: expected one of")
                .hasMessageContaining("$.models[1].path: environment variable MISSING");
    }

    @Test
    void rejectsNamesServedTwice() throws IOException {
        Path file = write("""
                {"models": [{"name": "a", "path": "/m", "adapters": {"a": "/x"}}]}
                """);

        assertThatThrownBy(() -> InferenceConfig.load(file, Map.of()))
                .hasMessageContaining("$.models[0].adapters.a: the name is already served");
    }

    @Test
    void rejectsInvalidJsonNamingTheFile() throws IOException {
        Path file = write("{\"models\": [");

        assertThatThrownBy(() -> InferenceConfig.load(file, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not valid JSON");
    }

    private Path write(String json) throws IOException {
        Path file = dir.resolve("model_config.json");
        Files.writeString(file, json);
        return file;
    }
}
