package dev.airlock.inference.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import dev.airlock.inference.cli.MakeModelCommand;

class MakeModelCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesTheDemoPresetWithAnAdapter() {
        Path out = dir.resolve("demo");
        var stdout = new StringWriter();
        var command = new CommandLine(new MakeModelCommand()).setOut(new PrintWriter(stdout));

        int status = command.execute("--preset", "demo", "--out", out.toString(), "--seed", "3", "--lora", "2");

        assertThat(status).isZero();
        assertThat(stdout.toString()).contains("\"model\":\"phi-4-mini-demo\"");
        assertThat(out.resolve("model.safetensors")).isRegularFile();
        assertThat(JsonDocument.read(out.resolve("adapter/adapter_config.json")).optionalInt("r")).contains(2);
    }

    @Test
    void writesBf16TensorsWithTheLayersOfAConfig() throws Exception {
        Path config = Files.createDirectories(dir.resolve("phi-4-mini-demo")).resolve("config.json");
        ModelPreset.demo().writeConfig(config, SafetensorsDtype.F32);
        Path out = dir.resolve("one-layer");
        var command = new CommandLine(new MakeModelCommand()).setOut(new PrintWriter(new StringWriter()));

        int status = command.execute("--config", config.toString(), "--layers", "1", "--dtype", "bf16",
                "--out", out.toString());

        assertThat(status).isZero();
        assertThat(Phi3Config.load(out).numHiddenLayers()).isEqualTo(1);
        try (var reader = SafetensorsReader.open(out.resolve("model.safetensors"))) {
            assertThat(reader.require("model.layers.0.mlp.down_proj.weight").dtype()).isEqualTo(SafetensorsDtype.BF16);
            assertThat(reader.find("model.layers.1.mlp.down_proj.weight")).isEmpty();
        }
    }

    @Test
    void rejectsAnUnknownPresetNamingTheKnownOnes() {
        var stderr = new StringWriter();
        var command = new CommandLine(new MakeModelCommand()).setErr(new PrintWriter(stderr));

        int status = command.execute("--preset", "huge", "--out", dir.toString());

        assertThat(status).isEqualTo(2);
        assertThat(stderr.toString()).contains("unknown preset 'huge'; the built-in presets are: demo");
    }
}
