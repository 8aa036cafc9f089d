package dev.airlock.inference.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.airlock.channel.LoopbackAddress;
import dev.airlock.channel.server.ChildFrames;
import dev.airlock.channel.server.FrameSocketServer;
import dev.airlock.inference.server.EngineThread;
import dev.airlock.inference.server.InferenceConfig;
import dev.airlock.inference.server.InternalApiHandler;
import dev.airlock.inference.server.ModelService;
import dev.airlock.inference.server.http.InternalHttpServer;

/**
 * Serves the internal API over channel frames on stdin and the frame descriptor (the process the
 * bridge starts as a local child), or, as the persistent server inside a container, on loopback
 * addresses until stopped: {@code --frames 127.0.0.1:PORT} takes frame sessions from the byte
 * pump that {@code docker exec} starts ({@code RelayMain --frames}), {@code --http
 * 127.0.0.1:PORT} takes HTTP calls (from the HTTP relay, or a probe inside the container).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Load the models of a config and answer channel frames on stdin/stdout,"
                + " or frame sessions (--frames) and HTTP (--http) on loopback addresses.")
final class ServeCommand implements Callable<Integer> {
    private static final System.Logger LOGGER = System.getLogger(ServeCommand.class.getName());

    @Option(names = "--config", required = true, description = "model_config.json to load")
    Path config;

    @Option(names = "--http", paramLabel = "HOST:PORT",
            description = "serve the internal API over HTTP on this loopback address (e.g."
                    + " 127.0.0.1:8081) until stopped, instead of frames on stdin/stdout")
    String http;

    @Option(names = "--frames", paramLabel = "HOST:PORT",
            description = "take channel frame sessions on this loopback address (e.g. 127.0.0.1:8082)"
                    + " until stopped, instead of frames on stdin/stdout")
    String frames;

    @Override
    public Integer call() throws Exception {
        var inferenceConfig = InferenceConfig.load(config, System.getenv());
        try (var engine = new EngineThread(); var models = new ModelService(engine)) {
            models.start(inferenceConfig);
            if (http != null || frames != null) {
                return serveListeners(new InternalApiHandler(models, engine), inferenceConfig);
            }
            LOGGER.log(System.Logger.Level.INFO, "serving {0} model(s) of {1} over the channel",
                    inferenceConfig.models().size(), config);
            ChildFrames.serve(new InternalApiHandler(models, engine));
        }
        LOGGER.log(System.Logger.Level.INFO, "channel closed; stopping");
        return 0;
    }

    private Integer serveListeners(InternalApiHandler handler, InferenceConfig inferenceConfig)
            throws InterruptedException, IOException {
        var stopped = new CountDownLatch(1);
        InternalHttpServer httpServer = null;
        FrameSocketServer frameServer = null;
        try {
            if (http != null) {
                InetSocketAddress address = LoopbackAddress.parse("--http", http);
                httpServer = InternalHttpServer.start(handler, address.getHostString(), address.getPort());
            }
            if (frames != null) {
                InetSocketAddress address = LoopbackAddress.parse("--frames", frames);
                frameServer = FrameSocketServer.start(handler, address.getHostString(), address.getPort());
            }
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "airlock-serve-stop"));
            LOGGER.log(System.Logger.Level.INFO, "serving {0} model(s) of {1}{2}{3}", inferenceConfig.models().size(),
                    config, httpServer == null ? "" : ", HTTP on port " + httpServer.port(),
                    frameServer == null ? "" : ", frame sessions on port " + frameServer.port());
            stopped.await();
        } finally {
            if (frameServer != null) {
                frameServer.close();
            }
            if (httpServer != null) {
                httpServer.close();
            }
        }
        return 0;
    }
}
