package dev.airlock.inference.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.airlock.channel.server.ChildFrames;
import dev.airlock.inference.server.EngineThread;
import dev.airlock.inference.server.InferenceConfig;
import dev.airlock.inference.server.InternalApiHandler;
import dev.airlock.inference.server.ModelService;

/**
 * Serves the internal API over channel frames on stdin and the frame descriptor: the process the
 * bridge starts (as a local child, or through {@code docker exec}).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Load the models of a config and answer channel frames on stdin/stdout.")
final class ServeCommand implements Callable<Integer> {
    private static final System.Logger LOGGER = System.getLogger(ServeCommand.class.getName());

    @Option(names = "--config", required = true, description = "model_config.json to load")
    Path config;

    @Override
    public Integer call() throws Exception {
        var inferenceConfig = InferenceConfig.load(config, System.getenv());
        try (var engine = new EngineThread(); var models = new ModelService(engine)) {
            models.start(inferenceConfig);
            LOGGER.log(System.Logger.Level.INFO, "serving {0} model(s) of {1} over the channel",
                    inferenceConfig.models().size(), config);
            ChildFrames.serve(new InternalApiHandler(models, engine));
        }
        LOGGER.log(System.Logger.Level.INFO, "channel closed; stopping");
        return 0;
    }
}
