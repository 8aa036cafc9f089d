package dev.airlock.inference.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.airlock.channel.server.ChildFrames;
import dev.airlock.inference.server.EngineThread;
import dev.airlock.inference.server.InferenceConfig;
import dev.airlock.inference.server.InternalApiHandler;
import dev.airlock.inference.server.ModelService;
import dev.airlock.inference.server.http.InternalHttpServer;

/**
 * Serves the internal API over channel frames on stdin and the frame descriptor (the process the
 * bridge starts as a local child), or with {@code --http 127.0.0.1:PORT} over loopback HTTP: the
 * persistent server inside a container, which the relay started by {@code docker exec} calls.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Load the models of a config and answer channel frames on stdin/stdout,"
                + " or HTTP on a loopback address with --http.")
final class ServeCommand implements Callable<Integer> {
    private static final System.Logger LOGGER = System.getLogger(ServeCommand.class.getName());

    @Option(names = "--config", required = true, description = "model_config.json to load")
    Path config;

    @Option(names = "--http", paramLabel = "HOST:PORT",
            description = "serve the internal API over HTTP on this loopback address (e.g."
                    + " 127.0.0.1:8081) until stopped, instead of frames on stdin/stdout")
    String http;

    @Override
    public Integer call() throws Exception {
        var inferenceConfig = InferenceConfig.load(config, System.getenv());
        try (var engine = new EngineThread(); var models = new ModelService(engine)) {
            models.start(inferenceConfig);
            if (http != null) {
                return serveHttp(new InternalApiHandler(models, engine), inferenceConfig);
            }
            LOGGER.log(System.Logger.Level.INFO, "serving {0} model(s) of {1} over the channel",
                    inferenceConfig.models().size(), config);
            ChildFrames.serve(new InternalApiHandler(models, engine));
        }
        LOGGER.log(System.Logger.Level.INFO, "channel closed; stopping");
        return 0;
    }

    private Integer serveHttp(InternalApiHandler handler, InferenceConfig inferenceConfig)
            throws InterruptedException {
        int colon = http.lastIndexOf(':');
        if (colon <= 0 || !http.substring(colon + 1).matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("--http must be HOST:PORT, e.g. 127.0.0.1:8081,"
                    + " got " + http);
        }
        String host = http.substring(0, colon).replace("[", "").replace("]", "");
        int port = Integer.parseInt(http.substring(colon + 1));
        var stopped = new CountDownLatch(1);
        try (var server = InternalHttpServer.start(handler, host, port)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "airlock-serve-stop"));
            LOGGER.log(System.Logger.Level.INFO, "serving {0} model(s) of {1} over HTTP on port"
                    + " {2,number,#}", inferenceConfig.models().size(), config, server.port());
            stopped.await();
        }
        return 0;
    }
}
