package dev.airlock.bridge.http;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import dev.airlock.bridge.config.ApiKeys;
import dev.airlock.bridge.config.BridgeConfig;
import dev.airlock.bridge.openai.Admission;
import dev.airlock.bridge.openai.AirlockClient;
import dev.airlock.bridge.openai.BridgeException;
import dev.airlock.bridge.openai.BridgeMetrics;
import dev.airlock.bridge.openai.ModelCatalog;
import dev.airlock.channel.Channel;
import dev.airlock.dto.Json;
import dev.airlock.dto.generation.ModelInfo;

/**
 * The OpenAI-compatible HTTP server in front of one airlock {@link Channel}. {@link #start}
 * binds and starts it; {@link #routing} and {@link #configure} set up the same routes and limits
 * on a builder someone else owns (a {@code @ServerTest}). The server does not own the channel:
 * whoever opened it closes it after {@link #close()}.
 */
public final class BridgeServer implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(BridgeServer.class.getName());

    private final WebServer server;

    private BridgeServer(WebServer server) {
        this.server = server;
    }

    /**
     * Checks the exposure rule, binds {@code config.host():config.port()} (port 0 picks a free
     * one) and starts serving.
     *
     * @throws dev.airlock.bridge.config.ConfigException when a non-loopback host lacks API keys or
     *     the {@code --allow-remote} opt-in
     */
    public static BridgeServer start(Channel channel, BridgeConfig config) {
        config.checkExposure();
        WebServer server = WebServer.builder()
                .host(config.host())
                .port(config.port())
                .shutdownHook(false)
                // SSE writes one small event per token; without TCP_NODELAY an event that follows
                // an unacknowledged one waits for the client's delayed ACK (40 ms on Linux).
                .connectionOptions(options -> options.tcpNoDelay(true))
                .update(builder -> configure(builder, config))
                .routing(routing -> routing(routing, channel, config))
                .build()
                .start();
        LOGGER.log(System.Logger.Level.INFO, "bridge listening on http://{0}:{1,number,#}/v1 ({2})",
                config.host(), server.port(), config);
        return new BridgeServer(server);
    }

    /** Returns the bound port. */
    public int port() {
        return server.port();
    }

    /** Stops the server; the channel stays open. Safe to call twice. */
    @Override
    public void close() {
        if (server.isRunning()) {
            server.stop();
        }
    }

    /**
     * Applies the bridge's server-level limits: the payload size and OpenAI-shaped answers for
     * requests Helidon rejects before routing.
     */
    public static void configure(WebServerConfig.Builder builder, BridgeConfig config) {
        var direct = new OpenAiDirectHandler(config.maxBodyBytes());
        var handlers = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            handlers.addHandler(type, direct);
        }
        builder.maxPayloadSize(config.maxBodyBytes())
                .directHandlers(handlers.build());
    }

    /** Registers the OpenAI routes, the filters and the error handler on {@code routing}. */
    public static void routing(HttpRouting.Builder routing, Channel channel, BridgeConfig config) {
        var client = new AirlockClient(channel, Duration.ofMillis(config.headTimeoutMillis()),
                Duration.ofMillis(config.idleTimeoutMillis()));
        var catalog = new ModelCatalog(client);
        var metrics = new BridgeMetrics();
        var admission = new Admission(config.maxConcurrentPerAdapter(), config.maxQueue(),
                Duration.ofMillis(config.headTimeoutMillis()), metrics);
        var body = new RequestBody(config.maxBodyBytes());
        var chat = new ChatCompletionsHandler(body, catalog, client, admission, metrics, Clock.systemUTC());
        var completions = new CompletionsHandler(body, catalog, client, admission, metrics, Clock.systemUTC());
        var tokenize = new TokenizeHandler(body, catalog, client);
        var generate = new GenerateHandler(body, catalog, client, admission);
        var models = new ModelsHandler(catalog);
        var adapters = new AdapterHandler(body, catalog, client);
        routing.addFilter(new RequestIdFilter())
                .addFilter(new CorsFilter(config.corsOrigins()))
                .addFilter(new ApiKeyFilter(ApiKeys.of(config.apiKeys())))
                .error(Throwable.class, new ErrorResponder())
                .post("/v1/chat/completions", chat)
                .any("/v1/chat/completions", BridgeServer::methodNotAllowed)
                .post("/v1/completions", completions)
                .any("/v1/completions", BridgeServer::methodNotAllowed)
                .post("/tokenize", tokenize::tokenize)
                .any("/tokenize", BridgeServer::methodNotAllowed)
                .post("/detokenize", tokenize::detokenize)
                .any("/detokenize", BridgeServer::methodNotAllowed)
                .post("/v1/load_lora_adapter", adapters::load)
                .any("/v1/load_lora_adapter", BridgeServer::methodNotAllowed)
                .post("/v1/unload_lora_adapter", adapters::unload)
                .any("/v1/unload_lora_adapter", BridgeServer::methodNotAllowed)
                .post("/generate", generate::generate)
                .any("/generate", BridgeServer::methodNotAllowed)
                .get("/metrics", (request, response) -> {
                    response.header(HeaderNames.CONTENT_TYPE, BridgeMetrics.CONTENT_TYPE);
                    response.send(metrics.scrape(servedOrNull(catalog)));
                })
                .get("/v1/models", models::list)
                .get("/v1/models/{id}", models::get)
                .any("/v1/models", BridgeServer::methodNotAllowed)
                .any("/v1/models/{id}", BridgeServer::methodNotAllowed)
                .get("/health", (request, response) -> health(client, response))
                .any(BridgeServer::unknownUrl);
    }

    private static List<ModelInfo> servedOrNull(ModelCatalog catalog) {
        try {
            return catalog.served();
        } catch (BridgeException e) {
            // The bridge's own counters are still worth a scrape while the airlock is down.
            LOGGER.log(System.Logger.Level.WARNING, "metrics without airlock_adapters_loaded: {0}",
                    e.getMessage());
            return null;
        }
    }

    private static void health(AirlockClient client, ServerResponse response) {
        boolean up = client.health();
        response.status(up ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503);
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(Json.write(new HealthStatus(up ? "ok" : "unavailable")));
    }

    private static void methodNotAllowed(ServerRequest request, ServerResponse response) {
        ErrorResponder.send(response, OpenAiFailure.of(405, "Method " + request.prologue().method().text()
                + " is not allowed on " + request.path().path() + ".", "invalid_request_error", null,
                "method_not_allowed"));
    }

    private static void unknownUrl(ServerRequest request, ServerResponse response) {
        ErrorResponder.send(response, OpenAiFailure.of(404, OpenAiFailure.describe(404), "invalid_request_error",
                null, "unknown_url"));
    }
}
