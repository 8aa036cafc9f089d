package dev.airlock.inference.generation;

import java.util.Set;

import dev.airlock.dto.generation.GenerationEvent;
import dev.airlock.dto.generation.GenerationRequest;
import dev.airlock.inference.model.Sequence;
import dev.airlock.inference.sampling.Sampler;
import dev.airlock.inference.sampling.SamplingParams;
import dev.airlock.inference.server.ServedModel;
import dev.airlock.inference.tokenizer.IncrementalDecoder;

/**
 * Runs one chat generation on the engine thread: render, tokenize, prefill, then one token per
 * step until an EOS id, a stop string, {@code max_tokens}, the context end, or a cancel.
 */
public final class ChatGenerator {
    private static final System.Logger LOGGER = System.getLogger(ChatGenerator.class.getName());

    private ChatGenerator() {
    }

    /** Generates for {@code request} and reports through {@code sink}, ending with done or error. */
    public static void run(ServedModel served, GenerationRequest request, GenerationSink sink) {
        String prompt = served.chatTemplate().render(request.messages(), true);
        int[] promptIds = served.tokenizer().encode(prompt);
        int context = served.contextLength();
        if (promptIds.length >= context) {
            sink.emit(GenerationEvent.error(400, "invalid_request_error", "the prompt has " + promptIds.length
                    + " tokens, but the model's context is " + context + " tokens", "messages"));
            return;
        }
        int maxTokens = maxTokens(request, promptIds.length, context);
        sink.emit(GenerationEvent.start(promptIds.length));
        var sampler = Sampler.of(new SamplingParams(
                request.temperature() == null ? 1.0 : request.temperature(),
                request.topP() == null ? 1.0 : request.topP(),
                0, 0.0, request.seed()));
        try (Sequence sequence = served.newSequence()) {
            Finish finish = loop(served, sequence, sampler, promptIds, maxTokens, request, sink);
            if (finish != null) {
                sink.emit(GenerationEvent.done(finish.reason(), promptIds.length, finish.tokens()));
            }
        }
    }

    private record Finish(String reason, int tokens) {
    }

    private static Finish loop(ServedModel served, Sequence sequence, Sampler sampler, int[] promptIds,
            int maxTokens, GenerationRequest request, GenerationSink sink) {
        Set<Integer> eos = served.eosTokenIds();
        IncrementalDecoder decoder = served.tokenizer().incrementalDecoder();
        var stops = new StopStrings(request.stop());
        float[] logits = sequence.prefill(promptIds);
        int generated = 0;
        int unreported = 0;
        while (true) {
            if (sink.cancelled()) {
                LOGGER.log(System.Logger.Level.DEBUG, "generation cancelled after {0} tokens", generated);
                return null;
            }
            int token = sampler.sample(logits);
            generated++;
            unreported++;
            if (eos.contains(token)) {
                emitRest(decoder, stops, unreported, sink);
                return new Finish("stop", generated);
            }
            String visible = stops.push(decoder.push(token));
            if (!visible.isEmpty() || stops.stopped()) {
                sink.emit(GenerationEvent.delta(visible, unreported));
                unreported = 0;
            }
            if (stops.stopped()) {
                return new Finish("stop", generated);
            }
            if (generated >= maxTokens) {
                emitRest(decoder, stops, unreported, sink);
                return new Finish("length", generated);
            }
            logits = sequence.decode(token);
        }
    }

    private static void emitRest(IncrementalDecoder decoder, StopStrings stops, int unreported, GenerationSink sink) {
        String rest = stops.push(decoder.flush());
        rest += stops.flush();
        if (!rest.isEmpty() || unreported > 0) {
            sink.emit(GenerationEvent.delta(rest, unreported));
        }
    }

    private static int maxTokens(GenerationRequest request, int promptTokens, int context) {
        int left = context - promptTokens;
        if (request.maxTokens() == null) {
            return left;
        }
        if (request.maxTokens() > left) {
            LOGGER.log(System.Logger.Level.INFO, "max_tokens {0,number,#} clamped to the {1,number,#} tokens left"
                    + " in the context", request.maxTokens(), left);
            return left;
        }
        return request.maxTokens();
    }
}
