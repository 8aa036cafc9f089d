package dev.airlock.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.airlock.inference.checkpoint.ModelPreset;
import dev.airlock.inference.checkpoint.RandomCheckpoint;
import dev.airlock.inference.checkpoint.RandomCheckpointOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jars and {@code target/lib} folders that {@code ./airlock} runs (not the test classpath):
 * a dependency missing there breaks the demo while every in-process test passes. Regression
 * test for the demo's inference child, which could not load the tokenizer without slf4j-api.
 */
class PackagedLayoutTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void packagedInferenceSideLoadsTheTokenizerAndTheModel(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model");
        RandomCheckpoint.write(model, ModelPreset.demo(), RandomCheckpointOptions.of(3));

        var tokenize = run(dir, "tokenize", "--model", model.toString(), "--text", "<|user|>Hello<|end|>");
        var generate = run(dir, "generate", "--model", model.toString(), "--tokens", "200021,13225,200020",
                "--max-tokens", "2");

        assertThat(tokenize).contains("\"ids\":[200021,13225,200020]");
        assertThat(generate).containsPattern("\"tokens\":\\[\\d+,\\d+]");
    }

    @Test
    void packagedBridgePrintsItsHelp(@TempDir Path dir) throws Exception {
        String help = runBridge(dir, "--help");

        assertThat(help).contains("--inference-command").contains("--port").contains("COMMAND");
    }

    private static String run(Path dir, String... args) throws IOException, InterruptedException {
        return java(dir, "airlock-inference", "dev.airlock.inference.cli.InferenceMain", args);
    }

    private static String runBridge(Path dir, String... args) throws IOException, InterruptedException {
        return java(dir, "openai-bridge", "dev.airlock.bridge.BridgeMain", args);
    }

    private static String java(Path dir, String module, String main, String... args)
            throws IOException, InterruptedException {
        Path target = ROOT.resolve(module).resolve("target");
        String classpath = target.resolve(module + ".jar") + ":" + target.resolve("lib") + "/*";
        String java = ProcessHandle.current().info().command().orElse("java");
        var command = new java.util.ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-DOPT_OUT_TRACKING=true", "-Dai.djl.offline=true", "-cp", classpath, main));
        command.addAll(List.of(args));
        Path output = dir.resolve(module + ".out");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        boolean exited = process.waitFor(120, TimeUnit.SECONDS);
        String text = Files.readString(output, StandardCharsets.UTF_8);

        assertThat(exited).as("%s exited within 120 s; output: %s", module, text).isTrue();
        assertThat(process.exitValue()).as("exit status; output: %s", text).isZero();
        return text;
    }
}
