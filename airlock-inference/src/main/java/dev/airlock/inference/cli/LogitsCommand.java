package dev.airlock.inference.cli;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.concurrent.Callable;

import jakarta.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dev.airlock.inference.lora.LoraAdapter;
import dev.airlock.inference.model.Phi3Model;
import dev.airlock.inference.model.Sequence;

/** Prints the next-token logits after a token sequence as {"logits": [...]}. */
@Command(name = "logits", mixinStandardHelpOptions = true,
        description = "Run one forward pass over token ids and print the next-token logits as {\"logits\": [...]}.")
public final class LogitsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CheckpointOptions checkpoint;

    @Option(names = "--tokens", required = true, split = ",", description = "token ids, comma-separated")
    int[] tokens;

    @Override
    public Integer call() {
        float[] logits;
        try (Phi3Model phi3 = checkpoint.loadModel();
                LoraAdapter lora = checkpoint.loadAdapter(phi3);
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
