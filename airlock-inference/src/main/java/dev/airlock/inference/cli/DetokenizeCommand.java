package dev.airlock.inference.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import jakarta.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dev.airlock.inference.tokenizer.Tokenizer;

/** Prints the text of token ids as {"text": "..."}. */
@Command(name = "detokenize", mixinStandardHelpOptions = true,
        description = "Print the text of token ids with a checkpoint's tokenizer, as {\"text\": \"...\"}.")
public final class DetokenizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "checkpoint folder or tokenizer.json")
    Path model;

    @Option(names = "--ids", required = true, split = ",", description = "comma-separated ids, e.g. 13225,11")
    int[] ids;

    @Option(names = "--skip-special-tokens", description = "drop special tokens such as <|end|>")
    boolean skipSpecialTokens;

    @Override
    public Integer call() {
        String text;
        try (Tokenizer tokenizer = Tokenizer.load(model)) {
            text = tokenizer.decode(ids, skipSpecialTokens);
        }
        spec.commandLine().getOut().println(Json.createObjectBuilder().add("text", text).build());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
