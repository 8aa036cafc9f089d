package dev.airlock.inference.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./airlock inference}. */
@Command(name = "inference",
        mixinStandardHelpOptions = true,
        description = "The inference side of Airlock: serves Phi-4 models inside the airlock, and tools for checkpoints.",
        subcommands = {
            ServeCommand.class,
            MakeModelCommand.class,
            LogitsCommand.class,
            GenerateCommand.class,
            TokenizeCommand.class,
            DetokenizeCommand.class,
            RenderChatCommand.class,
            BenchCommand.class
        })
public final class InferenceMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs a subcommand and exits with its status. */
    public static void main(String[] args) {
        // DJL's tokenizer library phones home on first use unless told not to; nothing may leave the airlock.
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("ai.djl.offline", "true");
        System.exit(new CommandLine(new InferenceMain()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
