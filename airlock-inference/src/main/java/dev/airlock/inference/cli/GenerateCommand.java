package dev.airlock.inference.cli;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
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
import dev.airlock.inference.sampling.Sampler;
import dev.airlock.inference.sampling.SamplingParams;

/** Generates tokens after a prompt of token ids (KV-cache path) and prints {"tokens": [...]}. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate token ids after a prompt of token ids and print them as {\"tokens\": [...]}.")
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CheckpointOptions checkpoint;

    @Option(names = "--tokens", required = true, split = ",", description = "prompt token ids, comma-separated")
    int[] tokens;

    @Option(names = "--max-tokens", required = true, description = "most tokens to generate")
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "0", description = "0 for greedy (default)")
    double temperature;

    @Option(names = "--top-p", defaultValue = "1", description = "nucleus sampling mass; 1 disables")
    double topP;

    @Option(names = "--top-k", defaultValue = "0", description = "keep the k most likely tokens; 0 disables")
    int topK;

    @Option(names = "--min-p", defaultValue = "0", description = "drop tokens below min-p x the top probability")
    double minP;

    @Option(names = "--seed", description = "random seed for sampling")
    Long seed;

    @Option(names = "--ignore-eos", description = "keep generating after an end-of-sequence id")
    boolean ignoreEos;

    @Override
    public Integer call() {
        List<Integer> generated;
        try {
            if (maxTokens < 1) {
                throw new IllegalArgumentException("--max-tokens must be at least 1, found " + maxTokens);
            }
            var sampler = Sampler.of(new SamplingParams(temperature, topP, topK, minP, seed));
            generated = generate(sampler);
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            spec.commandLine().getErr().println("generate: " + e.getMessage());
            return 2;
        }
        var array = Json.createArrayBuilder();
        generated.forEach(array::add);
        spec.commandLine().getOut().println(Json.createObjectBuilder().add("tokens", array).build());
        spec.commandLine().getOut().flush();
        return 0;
    }

    private List<Integer> generate(Sampler sampler) {
        try (Phi3Model phi3 = checkpoint.loadModel();
                LoraAdapter lora = checkpoint.loadAdapter(phi3);
                Sequence sequence = phi3.newSequence(lora)) {
            var out = new ArrayList<Integer>();
            float[] logits = sequence.prefill(tokens);
            while (true) {
                int token = sampler.sample(logits);
                if (!ignoreEos && phi3.config().eosTokenIds().contains(token)) {
                    return out;
                }
                out.add(token);
                if (out.size() >= maxTokens) {
                    return out;
                }
                logits = sequence.decode(token);
            }
        }
    }
}
