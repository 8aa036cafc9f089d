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
import dev.airlock.bridge.openai.ChatRequestParser;
import dev.airlock.bridge.openai.CompletionMapper;
import dev.airlock.bridge.openai.CompletionRequestValidator;
import dev.airlock.bridge.openai.GenerationMeter;
import dev.airlock.bridge.openai.GenerationStep;
import dev.airlock.bridge.openai.GenerationStream;
import dev.airlock.bridge.openai.ModelCatalog;
import dev.airlock.dto.Json;
import dev.airlock.dto.generation.GenerationRequest;
import dev.airlock.dto.generation.TokenLogprob;
import dev.airlock.dto.openai.CompletionChoice;
import dev.airlock.dto.openai.CompletionRequest;

/**
 * {@code POST /v1/completions}: a raw prompt, no chat template, plain or as server-sent events
 * ({@code object: "text_completion"}, {@code choices[].text}). Errors follow the chat route: all
 * that can fail before generation fails before the first byte; later, one error event.
 */
final class CompletionsHandler implements Handler {
    private static final System.Logger LOGGER = System.getLogger(CompletionsHandler.class.getName());

    private final RequestBody body;
    private final ChatRequestParser parser = new ChatRequestParser();
    private final CompletionRequestValidator validator = new CompletionRequestValidator();
    private final ModelCatalog catalog;
    private final AirlockClient client;
    private final Admission admission;
    private final BridgeMetrics metrics;
    private final Clock clock;

    CompletionsHandler(RequestBody body, ModelCatalog catalog, AirlockClient client, Admission admission,
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
        CompletionRequest completion = parser.parseCompletion(body.read(request));
        GenerationRequest generation = validator.toGeneration(completion);
        catalog.require(generation.model());
        long startNanos = System.nanoTime();
        try (Admission.Permit permit = admission.acquire(generation.model());
                GenerationStream stream = client.complete(generation, requestId)) {
            var mapper = CompletionMapper.create(completion.model(), clock, generation.wantsLogprobs());
            var meter = new GenerationMeter(metrics, generation.model(), startNanos, stream.promptTokens());
            if (completion.isStream()) {
                stream(response, stream, mapper, meter, completion.includeUsage(), requestId);
            } else {
                complete(response, stream, mapper, meter, generation.choices(), requestId);
            }
        }
    }

    private static void complete(ServerResponse response, GenerationStream stream, CompletionMapper mapper,
            GenerationMeter meter, int n, String requestId) {
        var texts = new ArrayList<StringBuilder>();
        var logprobs = new ArrayList<List<TokenLogprob>>();
        var choices = new ArrayList<CompletionChoice>();
        for (int i = 0; i < n; i++) {
            texts.add(new StringBuilder());
            logprobs.add(new ArrayList<>());
        }
        int promptTokens = stream.promptTokens();
        int completionTokens = 0;
        long characters = 0;
        try (HeartbeatBody body = HeartbeatBody.start(response, stream::close)) {
            try {
                while (!stream.isComplete()) {
                    switch (stream.next()) {
                        case GenerationStep.TextDelta delta -> {
                            meter.delta(delta.tokens());
                            characters += delta.text().length();
                            if (characters > ChatCompletionsHandler.MAX_COMPLETION_CHARS) {
                                throw new BadAirlockAnswer("the airlock sent more than "
                                        + ChatCompletionsHandler.MAX_COMPLETION_CHARS + " characters");
                            }
                            texts.get(delta.index()).append(delta.text());
                            logprobs.get(delta.index()).addAll(delta.logprobs());
                        }
                        case GenerationStep.Finished finished -> {
                            completionTokens += finished.completionTokens();
                            choices.add(mapper.choice(finished.index(), texts.get(finished.index()).toString(),
                                    logprobs.get(finished.index()), 0, finished.finishReason()));
                        }
                    }
                }
            } catch (RuntimeException e) {
                if (body.clientGone()) {
                    LOGGER.log(System.Logger.Level.DEBUG, "request {0}: the client went away; cancelled", requestId);
                    return;
                }
                if (!body.started()) {
                    throw e;
                }
                var failure = OpenAiFailure.from(e, requestId);
                body.send(failure.status(), Json.write(failure.body()));
                return;
            }
            body.send(200, Json.write(mapper.completion(choices, promptTokens, completionTokens)));
        }
    }

    private static void stream(ServerResponse response, GenerationStream stream, CompletionMapper mapper,
            GenerationMeter meter, boolean includeUsage, String requestId) {
        try (SseStream sink = SseStream.open(response)) {
            var events = new ChatCompletionsHandler.EventWriter(sink);
            try {
                int completionTokens = 0;
                int offset = 0;
                while (!stream.isComplete()) {
                    switch (stream.next()) {
                        case GenerationStep.TextDelta delta -> {
                            meter.delta(delta.tokens());
                            if (!delta.text().isEmpty() || !delta.logprobs().isEmpty()) {
                                events.send(mapper.chunk(mapper.choice(delta.index(), delta.text(), delta.logprobs(),
                                        offset, null)));
                            }
                            offset += delta.text().length();
                        }
                        case GenerationStep.Finished finished -> {
                            completionTokens += finished.completionTokens();
                            offset = 0;
                            events.send(mapper.chunk(mapper.choice(finished.index(), "", List.of(), 0,
                                    finished.finishReason())));
                        }
                    }
                }
                if (includeUsage) {
                    events.send(mapper.usageChunk(stream.promptTokens(), completionTokens));
                }
                events.sendRaw(ChatCompletionsHandler.DONE);
            } catch (ChatCompletionsHandler.ClientGone e) {
                throw e;
            } catch (RuntimeException e) {
                events.send(OpenAiFailure.from(e, requestId).body());
            }
        } catch (ChatCompletionsHandler.ClientGone e) {
            LOGGER.log(System.Logger.Level.DEBUG, "request {0}: the client went away mid-stream; cancelling",
                    requestId);
        }
    }
}
