package dev.airlock.inference.server;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.json.bind.JsonbException;

import dev.airlock.channel.RequestHandler;
import dev.airlock.channel.ResponseSink;
import dev.airlock.dto.Json;
import dev.airlock.dto.frame.RequestHead;
import dev.airlock.dto.frame.ResponseHead;
import dev.airlock.dto.generation.AdapterRequest;
import dev.airlock.dto.generation.DetokenizeRequest;
import dev.airlock.dto.generation.DetokenizeResult;
import dev.airlock.dto.generation.GenerationEvent;
import dev.airlock.dto.generation.GenerationRequest;
import dev.airlock.dto.generation.InternalApi;
import dev.airlock.dto.generation.ModelList;
import dev.airlock.dto.generation.TokenizeRequest;
import dev.airlock.dto.generation.TokenizeResult;
import dev.airlock.inference.generation.ChatGenerator;
import dev.airlock.inference.generation.GenerationSink;

/**
 * Answers the internal API (see {@link InternalApi}) for requests that arrive over the channel.
 * Runs on a request thread; the generation itself runs on the {@link EngineThread} and hands its
 * events over through a queue.
 */
public final class InternalApiHandler implements RequestHandler {
    private static final System.Logger LOGGER = System.getLogger(InternalApiHandler.class.getName());
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    private static final Map<String, String> NDJSON = Map.of("Content-Type", InternalApi.NDJSON);
    private static final long POLL_MILLIS = 50;
    private static final long ADAPTER_TIMEOUT_SECONDS = 600;

    private final ModelService models;
    private final EngineThread engine;

    public InternalApiHandler(ModelService models, EngineThread engine) {
        this.models = models;
        this.engine = engine;
    }

    @Override
    public void handle(RequestHead request, ResponseSink sink) {
        String route = request.method() + " " + request.path();
        switch (route) {
            case "GET " + InternalApi.HEALTH -> health(sink);
            case "GET " + InternalApi.MODELS -> listModels(sink);
            case "POST " + InternalApi.CHAT -> generate(request, sink, false);
            case "POST " + InternalApi.COMPLETIONS -> generate(request, sink, true);
            case "POST " + InternalApi.TOKENIZE -> tokenize(request, sink);
            case "POST " + InternalApi.DETOKENIZE -> detokenize(request, sink);
            case "POST " + InternalApi.ADAPTERS_LOAD -> adapter(request, sink, true);
            case "POST " + InternalApi.ADAPTERS_UNLOAD -> adapter(request, sink, false);
            default -> reply(sink, 404, JSON, GenerationEvent.error(404, "invalid_request_error",
                    "no internal route " + route, null));
        }
    }

    private void health(ResponseSink sink) {
        var state = models.state();
        int status = state.ready() ? 200 : 503;
        String body = Json.write(Map.of("status", state.status(), "message", state.message()));
        sink.complete(new ResponseHead(status, JSON), body.getBytes(StandardCharsets.UTF_8));
    }

    private void listModels(ResponseSink sink) {
        var registry = models.registry();
        if (registry == null) {
            reply(sink, 503, JSON, notReady());
            return;
        }
        sink.complete(new ResponseHead(200, JSON), Json.write(new ModelList(registry.list()))
                .getBytes(StandardCharsets.UTF_8));
    }

    private void generate(RequestHead head, ResponseSink sink, boolean raw) {
        GenerationRequest request = read(head, GenerationRequest.class, sink, NDJSON);
        if (request == null) {
            return;
        }
        GenerationEvent invalid = GenerationRequestCheck.problem(request, raw);
        if (invalid != null) {
            reply(sink, invalid.status(), NDJSON, invalid);
            return;
        }
        ServedModel served = served(request.model(), sink, NDJSON);
        if (served == null) {
            return;
        }
        invalid = GenerationRequestCheck.vocabularyProblem(request, served.model().config().vocabSize());
        if (invalid != null) {
            reply(sink, invalid.status(), NDJSON, invalid);
            return;
        }
        stream(served, request, sink);
    }

    private void tokenize(RequestHead head, ResponseSink sink) {
        TokenizeRequest request = read(head, TokenizeRequest.class, sink, JSON);
        if (request == null) {
            return;
        }
        if ((request.prompt() == null) == request.messages().isEmpty()) {
            reply(sink, 400, JSON, GenerationEvent.error(400, "invalid_request_error",
                    "send either prompt or messages", "prompt"));
            return;
        }
        ServedModel served = served(request.model(), sink, JSON);
        if (served == null) {
            return;
        }
        String text = request.prompt() != null ? request.prompt()
                : served.chatTemplate().render(ChatGenerator.renderable(request.messages()), request.tools(),
                        !Boolean.FALSE.equals(request.addGenerationPrompt()));
        int[] ids = served.tokenizer().encode(text);
        answer(sink, new TokenizeResult(ids.length, served.contextLength(), Arrays.stream(ids).boxed().toList()));
    }

    private void detokenize(RequestHead head, ResponseSink sink) {
        DetokenizeRequest request = read(head, DetokenizeRequest.class, sink, JSON);
        if (request == null) {
            return;
        }
        ServedModel served = served(request.model(), sink, JSON);
        if (served == null) {
            return;
        }
        int vocab = served.model().config().vocabSize();
        List<Integer> tokens = request.tokens() == null ? List.of() : request.tokens();
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            Integer id = tokens.get(i);
            if (id == null || id < 0 || id >= vocab) {
                reply(sink, 400, JSON, GenerationEvent.error(400, "invalid_request_error", "tokens[" + i
                        + "] must be a token id from 0 to " + (vocab - 1) + ", got " + id, "tokens"));
                return;
            }
            ids[i] = id;
        }
        answer(sink, new DetokenizeResult(served.tokenizer().decode(ids, false)));
    }

    /** Loads or unloads an adapter on the engine thread, between generations. */
    private void adapter(RequestHead head, ResponseSink sink, boolean load) {
        AdapterRequest request = read(head, AdapterRequest.class, sink, JSON);
        if (request == null) {
            return;
        }
        var registry = models.registry();
        if (registry == null) {
            reply(sink, 503, JSON, notReady());
            return;
        }
        if (request.name() == null || request.name().isBlank() || (load && request.path() == null)) {
            reply(sink, 400, JSON, GenerationEvent.error(400, "invalid_request_error",
                    load ? "name and path are required" : "name is required", load ? "lora_path" : "lora_name"));
            return;
        }
        var job = engine.submit(() -> load
                ? registry.loadAdapter(request.name(), request.base(), java.nio.file.Path.of(request.path()))
                : registry.unloadAdapter(request.name()));
        try {
            answer(sink, job.get(ADAPTER_TIMEOUT_SECONDS, TimeUnit.SECONDS).info());
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof java.util.NoSuchElementException) {
                reply(sink, 404, JSON, GenerationEvent.error(404, "invalid_request_error", cause.getMessage(),
                        "lora_name"));
            } else if (cause instanceof IllegalArgumentException || cause instanceof java.io.UncheckedIOException
                    || cause instanceof java.nio.file.InvalidPathException) {
                reply(sink, 400, JSON, GenerationEvent.error(400, "invalid_request_error", cause.getMessage(),
                        load ? "lora_path" : "lora_name"));
            } else {
                LOGGER.log(System.Logger.Level.ERROR, "adapter " + request.name() + " could not be "
                        + (load ? "loaded" : "unloaded"), cause);
                reply(sink, 500, JSON, GenerationEvent.error(500, "server_error", "the adapter operation failed "
                        + "inside the airlock", null));
            }
        } catch (java.util.concurrent.TimeoutException e) {
            reply(sink, 504, JSON, GenerationEvent.error(504, "server_error", "the engine did not get to the "
                    + "adapter within " + ADAPTER_TIMEOUT_SECONDS + " s", null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static <T> T read(RequestHead head, Class<T> type, ResponseSink sink, Map<String, String> headers) {
        try {
            T request = Json.read(head.body(), type);
            if (request == null) {
                throw new IllegalArgumentException("empty body");
            }
            return request;
        } catch (JsonbException | IllegalArgumentException | NullPointerException e) {
            reply(sink, 400, headers, GenerationEvent.error(400, "invalid_request_error",
                    "the request is not valid: " + e.getMessage(), null));
            return null;
        }
    }

    /** Returns the served model, or answers 503 / 404 and returns null. */
    private ServedModel served(String name, ResponseSink sink, Map<String, String> headers) {
        var registry = models.registry();
        if (registry == null) {
            reply(sink, 503, headers, notReady());
            return null;
        }
        var served = name == null ? Optional.<ServedModel>empty() : registry.find(name);
        if (served.isEmpty()) {
            reply(sink, 404, headers, GenerationEvent.error(404, "model_not_found",
                    "the model '" + name + "' does not exist", "model"));
            return null;
        }
        return served.get();
    }

    private static void answer(ResponseSink sink, Object body) {
        sink.complete(new ResponseHead(200, JSON), Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    private void stream(ServedModel served, GenerationRequest request, ResponseSink sink) {
        BlockingQueue<GenerationEvent> events = new LinkedBlockingQueue<>();
        var cancelled = new AtomicBoolean();
        var job = engine.submit(() -> {
            // An unload queued before this job ran has closed the adapter: re-check on the engine thread.
            var registry = models.registry();
            if (registry == null || registry.find(served.name()).orElse(null) != served) {
                events.add(GenerationEvent.error(404, "model_not_found", "the model '" + served.name()
                        + "' was unloaded", "model"));
                return null;
            }
            generate(served, request, events, cancelled);
            return null;
        });
        boolean headSent = false;
        try {
            while (true) {
                if (sink.isCancelled()) {
                    cancelled.set(true);
                    return;
                }
                GenerationEvent event = events.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (event == null) {
                    continue;
                }
                boolean last = GenerationEvent.ERROR.equals(event.type())
                        || GenerationEvent.DONE.equals(event.type()) && event.choiceIndex() == request.choices() - 1;
                if (!headSent) {
                    int status = GenerationEvent.ERROR.equals(event.type()) ? event.status() : 200;
                    if (last) {
                        sink.complete(new ResponseHead(status, NDJSON), line(event));
                        return;
                    }
                    sink.head(new ResponseHead(status, NDJSON));
                    headSent = true;
                }
                if (last) {
                    sink.last(line(event));
                    return;
                }
                sink.body(line(event));
            }
        } catch (InterruptedException e) {
            cancelled.set(true);
            job.cancel(false);
            Thread.currentThread().interrupt();
        }
    }

    private static void generate(ServedModel served, GenerationRequest request, BlockingQueue<GenerationEvent> events,
            AtomicBoolean cancelled) {
        var sink = new GenerationSink() {
            @Override
            public void emit(GenerationEvent event) {
                events.add(event);
            }

            @Override
            public boolean cancelled() {
                return cancelled.get();
            }
        };
        try {
            ChatGenerator.run(served, request, sink);
        } catch (RuntimeException | LinkageError e) {
            // Without a last event the request thread would wait for one until its client gives up.
            LOGGER.log(System.Logger.Level.ERROR, "generation for model " + served.name() + " failed", e);
            events.add(GenerationEvent.error(500, "server_error", "the generation failed inside the airlock", null));
        }
    }

    private static GenerationEvent notReady() {
        return GenerationEvent.error(503, "server_error", "the models are still loading", null);
    }

    private static void reply(ResponseSink sink, int status, Map<String, String> headers, GenerationEvent error) {
        sink.complete(new ResponseHead(status, headers), line(error));
    }

    private static byte[] line(GenerationEvent event) {
        return (Json.write(event) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
