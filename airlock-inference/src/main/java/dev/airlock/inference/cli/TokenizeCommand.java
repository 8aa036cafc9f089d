package dev.airlock.inference.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import jakarta.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dev.airlock.inference.tokenizer.Tokenizer;

/** Prints the token ids of a text as {"ids": [...]}. */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = "Print the token ids of a text with a checkpoint's tokenizer, as {\"ids\": [...]}.")
public final class TokenizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "checkpoint folder or tokenizer.json")
    Path model;

    @Option(names = "--text", required = true, description = "text to encode; added tokens become their ids")
    String text;

    @Override
    public Integer call() {
        int[] ids;
        try (Tokenizer tokenizer = Tokenizer.load(model)) {
            ids = tokenizer.encode(text);
        }
        var array = Json.createArrayBuilder();
        for (int id : ids) {
            array.add(id);
        }
        spec.commandLine().getOut().println(Json.createObjectBuilder().add("ids", array).build());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
