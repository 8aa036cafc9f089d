package dev.airlock.bridge.openai;

import java.io.StringReader;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import jakarta.json.JsonValue;

import dev.airlock.dto.Json;
import dev.airlock.dto.openai.AssistantMessage;
import dev.airlock.dto.openai.ChatCompletion;
import dev.airlock.dto.openai.ChatCompletionChunk;
import dev.airlock.dto.openai.Choice;
import dev.airlock.dto.openai.ChoiceLogprobs;
import dev.airlock.dto.openai.ChunkChoice;
import dev.airlock.dto.openai.Delta;
import dev.airlock.dto.openai.TokenLogprobEntry;
import dev.airlock.dto.openai.Usage;

/**
 * Shapes the OpenAI objects of one completion: one id and {@code created} for all its chunks,
 * and the model name as the client sent it. Create one per request.
 */
public final class ChatCompletionMapper {
    /** Names this bridge's serving configuration; changes when its output format does. */
    public static final String SYSTEM_FINGERPRINT = "fp_airlock_0_1";

    private final String id;
    private final long created;
    private final String model;
    private final boolean logprobs;

    private ChatCompletionMapper(String id, long created, String model, boolean logprobs) {
        this.id = id;
        this.created = created;
        this.model = model;
        this.logprobs = logprobs;
    }

    /** Creates the mapper of a new completion for the requested {@code model}. */
    public static ChatCompletionMapper create(String model, Clock clock) {
        return create(model, clock, false);
    }

    /** As {@link #create(String, Clock)}; {@code logprobs} writes a logprobs object on every choice. */
    public static ChatCompletionMapper create(String model, Clock clock, boolean logprobs) {
        String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
        return new ChatCompletionMapper(id, clock.instant().getEpochSecond(), model, logprobs);
    }

    /** Returns the completion id, {@code chatcmpl-...}. */
    public String id() {
        return id;
    }

    /** Returns the non-streamed completion of {@code text} as choice 0. */
    public ChatCompletion completion(String text, GenerationStep.Finished finished) {
        var choice = new Choice(0, AssistantMessage.of(text), null, finished.finishReason());
        return new ChatCompletion(id, ChatCompletion.OBJECT, created, model, SYSTEM_FINGERPRINT, List.of(choice),
                Usage.of(finished.promptTokens(), finished.completionTokens()));
    }

    /** Returns the non-streamed completion of assembled {@code choices}, with usage over all of them. */
    public ChatCompletion completion(List<Choice> choices, int promptTokens, int completionTokens) {
        return new ChatCompletion(id, ChatCompletion.OBJECT, created, model, SYSTEM_FINGERPRINT, choices,
                Usage.of(promptTokens, completionTokens));
    }

    /** Returns the choice {@code index} built by {@code assembler}. */
    public Choice choice(int index, ChoiceAssembler assembler, String airlockFinishReason) {
        var message = new AssistantMessage(AssistantMessage.ROLE, assembler.content(), assembler.toolCalls());
        return new Choice(index, message, logprobs ? logprobsJson(assembler.logprobs()) : null,
                assembler.finishReason(airlockFinishReason));
    }

    /** Returns the first chunk of choice 0: the assistant role and empty content. */
    public ChatCompletionChunk roleChunk() {
        return roleChunk(0);
    }

    /** Returns the first chunk of choice {@code index}. */
    public ChatCompletionChunk roleChunk(int index) {
        return chunk(index, new Delta(AssistantMessage.ROLE, ""), null, null);
    }

    /** Returns a chunk of choice 0 adding {@code text}. */
    public ChatCompletionChunk contentChunk(String text) {
        return chunk(0, new Delta(null, text), null, null);
    }

    /** Returns the chunk of choice {@code index} that sends {@code addition}. */
    public ChatCompletionChunk additionChunk(int index, ChoiceAssembler.Addition addition) {
        String content = addition.content().isEmpty() && !addition.toolCalls().isEmpty() ? null : addition.content();
        var delta = new Delta(null, content, addition.toolCalls().isEmpty() ? null : addition.toolCalls());
        return chunk(index, delta, logprobs ? logprobsJson(addition.logprobs()) : null, null);
    }

    /** Returns the last chunk of choice 0: an empty delta and the finish reason. */
    public ChatCompletionChunk finishChunk(GenerationStep.Finished finished) {
        return finishChunk(finished.index(), finished.finishReason());
    }

    /** Returns the last chunk of choice {@code index}. */
    public ChatCompletionChunk finishChunk(int index, String finishReason) {
        return chunk(index, new Delta(null, null), null, finishReason);
    }

    /** Returns the trailing usage chunk: no choices, the token counts. */
    public ChatCompletionChunk usageChunk(GenerationStep.Finished finished) {
        return usageChunk(finished.promptTokens(), finished.completionTokens());
    }

    /** Returns the trailing usage chunk over every choice. */
    public ChatCompletionChunk usageChunk(int promptTokens, int completionTokens) {
        return new ChatCompletionChunk(id, ChatCompletionChunk.OBJECT, created, model, SYSTEM_FINGERPRINT,
                List.of(), Usage.of(promptTokens, completionTokens));
    }

    private ChatCompletionChunk chunk(int index, Delta delta, JsonValue logprobs, String finishReason) {
        return new ChatCompletionChunk(id, ChatCompletionChunk.OBJECT, created, model, SYSTEM_FINGERPRINT,
                List.of(new ChunkChoice(index, delta, logprobs, finishReason)), null);
    }

    static JsonValue logprobsJson(List<TokenLogprobEntry> entries) {
        return toJson(new ChoiceLogprobs(entries));
    }

    static JsonValue toJson(Object value) {
        try (var reader = jakarta.json.Json.createReader(new StringReader(Json.write(value)))) {
            return reader.readValue();
        }
    }
}
