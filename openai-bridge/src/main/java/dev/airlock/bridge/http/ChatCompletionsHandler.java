package dev.airlock.bridge.http;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import dev.airlock.bridge.openai.Admission;
import dev.airlock.bridge.openai.AirlockClient;
import dev.airlock.bridge.openai.BadAirlockAnswer;
import dev.airlock.bridge.openai.BridgeMetrics;
import dev.airlock.bridge.openai.ChatCompletionMapper;
import dev.airlock.bridge.openai.ChatRequestParser;
import dev.airlock.bridge.openai.ChatRequestValidator;
import dev.airlock.bridge.openai.ChoiceAssembler;
import dev.airlock.bridge.openai.GenerationMeter;
import dev.airlock.bridge.openai.GenerationStep;
import dev.airlock.bridge.openai.GenerationStream;
import dev.airlock.bridge.openai.ModelCatalog;
import dev.airlock.dto.Json;
import dev.airlock.dto.generation.GenerationRequest;
import dev.airlock.dto.openai.ChatCompletionRequest;
import dev.airlock.dto.openai.Choice;

/**
 * {@code POST /v1/chat/completions}, plain or as server-sent events. Everything that can fail
 * before generation (the body, validation, an unknown model, a refusal from the airlock) fails
 * before the first response byte, so the client gets a proper status. Once a stream has
 * started, a failure is one final {@code data: {"error":...}} event and the stream ends without
 * {@code [DONE]}, so a client that waits for {@code [DONE]} never takes a cut stream as complete.
 */
final class ChatCompletionsHandler implements Handler {
    /** A non-streamed answer above this is not a completion any client asked for. */
    static final int MAX_COMPLETION_CHARS = 32 << 20;

    private static final System.Logger LOGGER = System.getLogger(ChatCompletionsHandler.class.getName());
    static final String DONE = "[DONE]";

    private final RequestBody body;
    private final ChatRequestParser parser = new ChatRequestParser();
    private final ChatRequestValidator validator = new ChatRequestValidator();
    private final ModelCatalog catalog;
    private final AirlockClient client;
    private final Admission admission;
    private final BridgeMetrics metrics;
    private final Clock clock;

    ChatCompletionsHandler(RequestBody body, ModelCatalog catalog, AirlockClient client, Admission admission,
            BridgeMetrics metrics, Clock clock) {
        this.body = body;
        this.catalog = catalog;
        this.client = client;
        this.admission = admission;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void handle(ServerRequest request, ServerResponse response) {
        String requestId = RequestId.of(request);
        ChatCompletionRequest chat = parser.parse(body.read(request));
        GenerationRequest generation = validator.toGeneration(chat);
        catalog.require(generation.model());
        long startNanos = System.nanoTime();
        try (Admission.Permit permit = admission.acquire(generation.model());
                GenerationStream stream = client.chat(generation, requestId)) {
            var mapper = ChatCompletionMapper.create(chat.model(), clock, generation.wantsLogprobs());
            var meter = new GenerationMeter(metrics, generation.model(), startNanos, stream.promptTokens());
            var choices = new Choices(generation.choices(), generation.tools() != null, meter);
            if (chat.isStream()) {
                stream(response, stream, mapper, choices, chat.includeUsage(), requestId);
            } else {
                complete(response, stream, mapper, choices, requestId);
            }
        }
        LOGGER.log(System.Logger.Level.DEBUG, () -> "request " + requestId + " model " + chat.model()
                + " took " + (System.nanoTime() - startNanos) / 1_000_000 + " ms");
    }

    /** The assemblers of a request's choices and their token totals. */
    static final class Choices {
        private final List<ChoiceAssembler> assemblers = new ArrayList<>();
        private final List<String> reasons = new ArrayList<>();
        private final boolean parseToolCalls;
        private final GenerationMeter meter;
        private int promptTokens;
        private int completionTokens;
        private long characters;

        Choices(int n, boolean parseToolCalls, GenerationMeter meter) {
            this.parseToolCalls = parseToolCalls;
            this.meter = meter;
            for (int i = 0; i < n; i++) {
                assemblers.add(new ChoiceAssembler(parseToolCalls));
                reasons.add(null);
            }
        }

        ChoiceAssembler get(int index) {
            return assemblers.get(index);
        }

        int size() {
            return assemblers.size();
        }

        ChoiceAssembler.Addition add(GenerationStep.TextDelta delta) {
            meter.delta(delta.tokens());
            characters += delta.text().length();
            if (characters > MAX_COMPLETION_CHARS) {
                throw new BadAirlockAnswer("the airlock sent more than " + MAX_COMPLETION_CHARS
                        + " characters for one completion");
            }
            return get(delta.index()).add(delta.text(), delta.logprobs());
        }

        void finished(GenerationStep.Finished finished) {
            reasons.set(finished.index(), finished.finishReason());
            promptTokens = finished.promptTokens();
            completionTokens += finished.completionTokens();
        }

        String finishReason(int index) {
            return get(index).finishReason(reasons.get(index));
        }
    }

    private static void complete(ServerResponse response, GenerationStream stream, ChatCompletionMapper mapper,
            Choices choices, String requestId) {
        try (HeartbeatBody body = HeartbeatBody.start(response, stream::close)) {
            try {
                while (!stream.isComplete()) {
                    switch (stream.next()) {
                        case GenerationStep.TextDelta delta -> choices.add(delta);
                        case GenerationStep.Finished finished -> {
                            choices.get(finished.index()).finish();
                            choices.finished(finished);
                            logUsage(requestId, finished);
                        }
                    }
                }
            } catch (RuntimeException e) {
                if (body.clientGone()) {
                    LOGGER.log(System.Logger.Level.DEBUG, "request {0}: the client went away; generation cancelled",
                            requestId);
                    return;
                }
                if (!body.started()) {
                    throw e;
                }
                var failure = OpenAiFailure.from(e, requestId);
                body.send(failure.status(), Json.write(failure.body()));
                return;
            }
            var list = new ArrayList<Choice>();
            for (int i = 0; i < choices.size(); i++) {
                list.add(mapper.choice(i, choices.get(i), choices.reasons.get(i)));
            }
            body.send(200, Json.write(mapper.completion(list, choices.promptTokens, choices.completionTokens)));
        }
    }

    private static void stream(ServerResponse response, GenerationStream stream, ChatCompletionMapper mapper,
            Choices choices, boolean includeUsage, String requestId) {
        try (SseStream sink = SseStream.open(response)) {
            var events = new EventWriter(sink);
            for (int i = 0; i < choices.size(); i++) {
                events.send(mapper.roleChunk(i));
            }
            try {
                pump(stream, mapper, choices, includeUsage, requestId, events);
            } catch (ClientGone e) {
                throw e;
            } catch (RuntimeException e) {
                events.send(OpenAiFailure.from(e, requestId).body());
            }
        } catch (ClientGone e) {
            // Closing the stream (try-with-resources in handle) cancels the generation inside the airlock.
            LOGGER.log(System.Logger.Level.DEBUG, "request {0}: the client went away mid-stream; cancelling",
                    requestId);
        }
    }

    private static void pump(GenerationStream stream, ChatCompletionMapper mapper, Choices choices,
            boolean includeUsage, String requestId, EventWriter events) {
        while (!stream.isComplete()) {
            switch (stream.next()) {
                case GenerationStep.TextDelta delta -> {
                    var addition = choices.add(delta);
                    if (!addition.isEmpty()) {
                        events.send(mapper.additionChunk(delta.index(), addition));
                    }
                }
                case GenerationStep.Finished finished -> {
                    logUsage(requestId, finished);
                    var rest = choices.get(finished.index()).finish();
                    if (!rest.isEmpty()) {
                        events.send(mapper.additionChunk(finished.index(), rest));
                    }
                    choices.finished(finished);
                    events.send(mapper.finishChunk(finished.index(), choices.finishReason(finished.index())));
                }
            }
        }
        if (includeUsage) {
            events.send(mapper.usageChunk(choices.promptTokens, choices.completionTokens));
        }
        events.sendRaw(DONE);
    }

    private static void logUsage(String requestId, GenerationStep.Finished finished) {
        LOGGER.log(System.Logger.Level.DEBUG, "request {0}: {1,number,#} prompt and {2,number,#} completion "
                + "tokens, finish {3}", requestId, finished.promptTokens(), finished.completionTokens(),
                finished.finishReason());
    }

    /** Writes SSE events; a failed write means the client is gone. */
    record EventWriter(SseStream sink) {
        void send(Object payload) {
            sendRaw(Json.write(payload));
        }

        void sendRaw(String data) {
            try {
                sink.emit(data);
            } catch (RuntimeException e) {
                throw new ClientGone(e);
            }
        }
    }

    /** The client closed the connection while we were streaming to it. */
    static final class ClientGone extends RuntimeException {
        ClientGone(Throwable cause) {
            super("client disconnected", cause, false, false);
        }
    }
}
