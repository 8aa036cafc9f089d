package dev.airlock.inference.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import jakarta.json.Json;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import dev.airlock.inference.checkpoint.ModelPreset;
import dev.airlock.inference.checkpoint.RandomCheckpoint;
import dev.airlock.inference.checkpoint.RandomCheckpointOptions;
import dev.airlock.inference.checkpoint.SafetensorsDtype;

/** Writes a random-weight Phi-3 checkpoint with the Phi-4 tokenizer; prints {"out", "model", "millis"}. */
@Command(name = "make-model", mixinStandardHelpOptions = true,
        description = "Write a random-weight Phi-3 checkpoint (Hugging Face layout, Phi-4 tokenizer).")
public final class MakeModelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--layers", description = "decoder layers, overriding the preset or config")
    Integer layers;

    @Option(names = "--out", required = true, description = "folder to write")
    Path out;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the weights (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--dtype", defaultValue = "f32", description = "f32 or bf16 (default ${DEFAULT-VALUE})")
    String dtype;

    @Option(names = "--lora", defaultValue = "0", description = "also write a LoRA adapter of this rank to OUT/adapter")
    int loraRank;

    static final class Source {
        @Option(names = "--preset", description = "a built-in preset: demo")
        String preset;

        @Option(names = "--config", description = "a Phi-3 config.json to take the dimensions from")
        Path config;
    }

    @Override
    public Integer call() {
        ModelPreset preset = preset();
        if (layers != null) {
            preset = preset.withLayers(layers);
        }
        var options = new RandomCheckpointOptions(seed, dtype(), loraRank);
        long start = System.nanoTime();
        RandomCheckpoint.write(out, preset, options);
        long millis = (System.nanoTime() - start) / 1_000_000;
        spec.commandLine().getOut().println(Json.createObjectBuilder()
                .add("out", out.toString())
                .add("model", preset.name())
                .add("millis", millis)
                .build());
        spec.commandLine().getOut().flush();
        return 0;
    }

    private ModelPreset preset() {
        if (source.config != null) {
            return ModelPreset.fromConfig(source.config);
        }
        if (!source.preset.equals("demo")) {
            throw new ParameterException(spec.commandLine(), "unknown preset '" + source.preset
                    + "'; the built-in presets are: demo");
        }
        return ModelPreset.demo();
    }

    private SafetensorsDtype dtype() {
        return switch (dtype) {
            case "f32" -> SafetensorsDtype.F32;
            case "bf16" -> SafetensorsDtype.BF16;
            default -> throw new ParameterException(spec.commandLine(), "--dtype must be f32 or bf16, found '"
                    + dtype + "'");
        };
    }
}
