package dev.airlock.inference.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

import dev.airlock.inference.lora.LoraAdapter;
import dev.airlock.inference.model.EngineOptions;
import dev.airlock.inference.model.Phi3Model;

/** The options of every command that runs the engine on a checkpoint: a picocli mixin. */
final class CheckpointOptions {
    @Option(names = "--model", required = true, description = "checkpoint folder (config.json + safetensors)")
    Path model;

    @Option(names = "--adapter", description = "PEFT LoRA adapter folder")
    Path adapter;

    @Option(names = "--dtype", defaultValue = "float32",
            description = "compute dtype: float32 or bfloat16 (slow on most CPUs)")
    String dtype;

    @Option(names = "--threads", defaultValue = "0", description = "libtorch threads; 0 keeps the default")
    int threads;

    /** Loads the checkpoint on the CPU with these options; the caller closes it. */
    Phi3Model loadModel() {
        return Phi3Model.load(model, new EngineOptions("cpu", dtype, threads));
    }

    /** Loads {@code --adapter} into {@code model}, or returns null without one; the caller closes it. */
    LoraAdapter loadAdapter(Phi3Model model) {
        return adapter == null ? null : model.loadAdapter(adapter);
    }
}
