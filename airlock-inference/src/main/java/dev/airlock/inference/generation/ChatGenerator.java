package dev.airlock.inference.generation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.airlock.dto.generation.GenerationEvent;
import dev.airlock.dto.generation.GenerationRequest;
import dev.airlock.dto.generation.PromptMessage;
import dev.airlock.dto.generation.TokenLogprob;
import dev.airlock.inference.model.Sequence;
import dev.airlock.inference.sampling.Sampler;
import dev.airlock.inference.sampling.SamplingParams;
import dev.airlock.inference.server.ServedModel;
import dev.airlock.inference.tokenizer.IncrementalDecoder;

/**
 * Runs one generation on the engine thread: render (or take the raw prompt), tokenize, then for
 * each of the {@code n} choices in turn prefill and produce one token per step until an EOS id,
 * a stop string, {@code max_tokens}, the context end, the end of a forced tool call, or a cancel.
 */
public final class ChatGenerator {
    private static final System.Logger LOGGER = System.getLogger(ChatGenerator.class.getName());

    private ChatGenerator() {
    }

    /** Generates for {@code request} and reports through {@code sink}, ending with done or error. */
    public static void run(ServedModel served, GenerationRequest request, GenerationSink sink) {
        int[] promptIds = served.tokenizer().encode(prompt(served, request));
        int context = served.contextLength();
        if (promptIds.length >= context) {
            sink.emit(GenerationEvent.error(400, "invalid_request_error", "the prompt has " + promptIds.length
                    + " tokens, but the model's context is " + context + " tokens; shorten the prompt",
                    request.prompt() != null ? "prompt" : "messages"));
            return;
        }
        if (request.forcesToolCall()) {
            try {
                ToolCallForcer.of(request.tools(), request.toolName(), served.tokenizer(),
                        new TokenTexts(served.tokenizer()));
            } catch (IllegalArgumentException e) {
                sink.emit(GenerationEvent.error(400, "invalid_request_error", e.getMessage(), "tool_choice"));
                return;
            }
        }
        int maxTokens = maxTokens(served.defaults().maxTokens(request.maxTokens()), promptIds.length, context);
        sink.emit(GenerationEvent.start(promptIds.length));
        List<LogitProcessor> processors = LogitProcessor.of(request);
        for (int index = 0; index < request.choices(); index++) {
            Finish finish = choice(served, request, promptIds, maxTokens, processors, index, sink);
            if (finish == null) {
                return;
            }
            sink.emit(GenerationEvent.done(index, finish.reason(), promptIds.length, finish.tokens()));
        }
    }

    /** Returns the prompt text: the raw prompt, or the messages rendered with tools. */
    public static String prompt(ServedModel served, GenerationRequest request) {
        if (request.prompt() != null) {
            return request.prompt();
        }
        return served.chatTemplate().render(renderable(request.messages()), request.tools(), true);
    }

    /** Puts an assistant turn's tool calls into its content, as Phi-4-mini writes them. */
    public static List<PromptMessage> renderable(List<PromptMessage> messages) {
        var rendered = new ArrayList<PromptMessage>(messages.size());
        for (PromptMessage message : messages) {
            if (message.toolCalls() == null) {
                rendered.add(message);
            } else {
                rendered.add(new PromptMessage(message.role(), message.content() + "<|tool_call|>"
                        + message.toolCalls() + "<|/tool_call|>"));
            }
        }
        return rendered;
    }

    private record Finish(String reason, int tokens) {
    }

    private static Finish choice(ServedModel served, GenerationRequest request, int[] promptIds, int maxTokens,
            List<LogitProcessor> processors, int index, GenerationSink sink) {
        Long seed = request.seed() == null ? null : request.seed() + index;
        var defaults = served.defaults();
        var sampler = Sampler.of(new SamplingParams(
                defaults.temperature(request.temperature()),
                defaults.topP(request.topP()),
                defaults.topK(request.topK()),
                defaults.minP(request.minP()),
                seed));
        var texts = new TokenTexts(served.tokenizer());
        ToolCallForcer forcer = request.forcesToolCall()
                ? ToolCallForcer.of(request.tools(), request.toolName(), served.tokenizer(), texts) : null;
        try (Sequence sequence = served.newSequence()) {
            var loop = new ChoiceLoop(served, request, sampler, processors, texts, forcer, index, sink);
            return loop.run(sequence, promptIds, maxTokens);
        }
    }

    /** The token loop of one choice. */
    private static final class ChoiceLoop {
        private final ServedModel served;
        private final GenerationRequest request;
        private final Sampler sampler;
        private final List<LogitProcessor> processors;
        private final TokenTexts texts;
        private final ToolCallForcer forcer;
        private final int index;
        private final GenerationSink sink;
        private final IncrementalDecoder decoder;
        private final StopStrings stops;
        private final List<TokenLogprob> pendingLogprobs = new ArrayList<>();
        private int unreported;

        ChoiceLoop(ServedModel served, GenerationRequest request, Sampler sampler, List<LogitProcessor> processors,
                TokenTexts texts, ToolCallForcer forcer, int index, GenerationSink sink) {
            this.served = served;
            this.request = request;
            this.sampler = sampler;
            this.processors = processors;
            this.texts = texts;
            this.forcer = forcer;
            this.index = index;
            this.sink = sink;
            this.decoder = served.tokenizer().incrementalDecoder();
            this.stops = new StopStrings(request.stop());
        }

        Finish run(Sequence sequence, int[] promptIds, int maxTokens) {
            Set<Integer> eos = served.eosTokenIds();
            var history = new TokenHistory(promptIds);
            float[] logits = sequence.prefill(promptIds);
            int generated = 0;
            while (true) {
                if (sink.cancelled()) {
                    LOGGER.log(System.Logger.Level.DEBUG, "generation cancelled after {0,number,#} tokens", generated);
                    return null;
                }
                LogitProcessor.applyAll(processors, logits, history);
                int token = forcer == null ? sampler.sample(logits) : forcer.next(logits, sampler);
                if (token < 0) {
                    emitRest();
                    return new Finish("stop", generated);
                }
                record(logits, token);
                history.add(token);
                generated++;
                unreported++;
                if (eos.contains(token) && forcer == null) {
                    emitRest();
                    return new Finish("stop", generated);
                }
                String visible = stops.push(decoder.push(token));
                if (!visible.isEmpty() || stops.stopped()) {
                    emit(visible);
                }
                if (stops.stopped()) {
                    return new Finish("stop", generated);
                }
                if (generated >= maxTokens) {
                    emitRest();
                    return new Finish("length", generated);
                }
                logits = sequence.decode(token);
            }
        }

        private void record(float[] logits, int token) {
            if (request.wantsLogprobs()) {
                int top = request.topLogprobs() == null ? 0 : request.topLogprobs();
                pendingLogprobs.add(Logprobs.of(logits, token, top, texts));
            }
        }

        private void emit(String text) {
            List<TokenLogprob> logprobs = request.wantsLogprobs() ? List.copyOf(pendingLogprobs) : null;
            sink.emit(GenerationEvent.delta(index, text, unreported, logprobs));
            pendingLogprobs.clear();
            unreported = 0;
        }

        private void emitRest() {
            String rest = stops.push(decoder.flush());
            rest += stops.flush();
            if (!rest.isEmpty() || unreported > 0) {
                emit(rest);
            }
        }
    }

    private static int maxTokens(Integer requested, int promptTokens, int context) {
        int left = context - promptTokens;
        if (requested == null) {
            return left;
        }
        if (requested > left) {
            LOGGER.log(System.Logger.Level.INFO, "max_tokens {0,number,#} clamped to the {1,number,#} tokens left"
                    + " in the context", requested, left);
            return left;
        }
        return requested;
    }
}
