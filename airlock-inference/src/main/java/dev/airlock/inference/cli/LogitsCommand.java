package dev.airlock.inference.cli;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import jakarta.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dev.airlock.inference.lora.LoraAdapter;
import dev.airlock.inference.model.EngineOptions;
import dev.airlock.inference.model.Phi3Model;
import dev.airlock.inference.model.Sequence;

/** Prints the next-token logits after a token sequence as {"logits": [...]}. */
@Command(name = "logits", mixinStandardHelpOptions = true,
        description = "Run one forward pass over token ids and print the next-token logits as {\"logits\": [...]}.")
public final class LogitsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "checkpoint folder (config.json + safetensors)")
    Path model;

    @Option(names = "--tokens", required = true, split = ",", description = "token ids, comma-separated")
    int[] tokens;

    @Option(names = "--adapter", description = "PEFT LoRA adapter folder")
    Path adapter;

    @Option(names = "--dtype", defaultValue = "float32", description = "compute dtype: float32 or bfloat16 (slow on most CPUs)")
    String dtype;

    @Option(names = "--threads", defaultValue = "0", description = "libtorch threads; 0 keeps the default")
    int threads;

    @Override
    public Integer call() {
        float[] logits;
        try (Phi3Model phi3 = Phi3Model.load(model, new EngineOptions("cpu", dtype, threads));
                LoraAdapter lora = adapter == null ? null : phi3.loadAdapter(adapter);
                Sequence sequence = phi3.newSequence(lora)) {
            logits = sequence.prefill(tokens);
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            spec.commandLine().getErr().println("logits: " + e.getMessage());
            return 2;
        }
        var array = Json.createArrayBuilder();
        for (float v : logits) {
            array.add(new BigDecimal(Float.toString(v)));
        }
        spec.commandLine().getOut().println(Json.createObjectBuilder().add("logits", array).build());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
