package dev.airlock.bridge.openai;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.json.JsonValue;

import dev.airlock.dto.generation.TokenLogprob;
import dev.airlock.dto.openai.Completion;
import dev.airlock.dto.openai.CompletionChoice;
import dev.airlock.dto.openai.CompletionLogprobs;
import dev.airlock.dto.openai.Usage;

/** Shapes the OpenAI text completion objects of one request: one id and {@code created} for all. */
public final class CompletionMapper {
    private final String id;
    private final long created;
    private final String model;
    private final boolean logprobs;

    private CompletionMapper(String id, long created, String model, boolean logprobs) {
        this.id = id;
        this.created = created;
        this.model = model;
        this.logprobs = logprobs;
    }

    /** Creates the mapper of a new text completion for the requested {@code model}. */
    public static CompletionMapper create(String model, Clock clock, boolean logprobs) {
        return new CompletionMapper("cmpl-" + UUID.randomUUID().toString().replace("-", ""),
                clock.instant().getEpochSecond(), model, logprobs);
    }

    /** Returns a choice of a whole answer, or one chunk's piece of a choice. */
    public CompletionChoice choice(int index, String text, List<TokenLogprob> tokens, int textOffset,
            String finishReason) {
        return new CompletionChoice(index, text, logprobs ? legacy(tokens, textOffset) : null, finishReason);
    }

    /** Returns the whole answer. */
    public Completion completion(List<CompletionChoice> choices, int promptTokens, int completionTokens) {
        return new Completion(id, Completion.OBJECT, created, model, ChatCompletionMapper.SYSTEM_FINGERPRINT, choices,
                Usage.of(promptTokens, completionTokens));
    }

    /** Returns a stream chunk carrying {@code choice}. */
    public Completion chunk(CompletionChoice choice) {
        return new Completion(id, Completion.OBJECT, created, model, ChatCompletionMapper.SYSTEM_FINGERPRINT,
                List.of(choice), null);
    }

    /** Returns the trailing usage chunk of a stream. */
    public Completion usageChunk(int promptTokens, int completionTokens) {
        return new Completion(id, Completion.OBJECT, created, model, ChatCompletionMapper.SYSTEM_FINGERPRINT,
                List.of(), Usage.of(promptTokens, completionTokens));
    }

    private static JsonValue legacy(List<TokenLogprob> tokens, int textOffset) {
        var texts = new ArrayList<String>();
        var values = new ArrayList<Double>();
        var tops = new ArrayList<Map<String, Double>>();
        var offsets = new ArrayList<Integer>();
        int offset = textOffset;
        for (TokenLogprob token : tokens) {
            texts.add(token.token());
            values.add(token.logprob());
            var top = new LinkedHashMap<String, Double>();
            if (token.topLogprobs() != null) {
                token.topLogprobs().forEach(alternative -> top.putIfAbsent(alternative.token(), alternative.logprob()));
            }
            tops.add(top);
            offsets.add(offset);
            offset += token.token().length();
        }
        return ChatCompletionMapper.toJson(new CompletionLogprobs(texts, values, tops, offsets));
    }
}
