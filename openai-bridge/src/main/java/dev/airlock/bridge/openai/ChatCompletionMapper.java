package dev.airlock.bridge.openai;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import dev.airlock.dto.openai.AssistantMessage;
import dev.airlock.dto.openai.ChatCompletion;
import dev.airlock.dto.openai.ChatCompletionChunk;
import dev.airlock.dto.openai.Choice;
import dev.airlock.dto.openai.ChunkChoice;
import dev.airlock.dto.openai.Delta;
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

    private ChatCompletionMapper(String id, long created, String model) {
        this.id = id;
        this.created = created;
        this.model = model;
    }

    /** Creates the mapper of a new completion for the requested {@code model}. */
    public static ChatCompletionMapper create(String model, Clock clock) {
        String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
        return new ChatCompletionMapper(id, clock.instant().getEpochSecond(), model);
    }

    /** Returns the completion id, {@code chatcmpl-...}. */
    public String id() {
        return id;
    }

    /** Returns the non-streamed completion of {@code text}. */
    public ChatCompletion completion(String text, GenerationStep.Finished finished) {
        var choice = new Choice(0, AssistantMessage.of(text), null, finished.finishReason());
        return new ChatCompletion(id, ChatCompletion.OBJECT, created, model, SYSTEM_FINGERPRINT, List.of(choice),
                usage(finished));
    }

    /** Returns the first chunk: the assistant role and empty content. */
    public ChatCompletionChunk roleChunk() {
        return chunk(new Delta(AssistantMessage.ROLE, ""), null);
    }

    /** Returns a chunk adding {@code text}. */
    public ChatCompletionChunk contentChunk(String text) {
        return chunk(new Delta(null, text), null);
    }

    /** Returns the last chunk of the choice: an empty delta and the finish reason. */
    public ChatCompletionChunk finishChunk(GenerationStep.Finished finished) {
        return chunk(new Delta(null, null), finished.finishReason());
    }

    /** Returns the trailing usage chunk: no choices, the token counts. */
    public ChatCompletionChunk usageChunk(GenerationStep.Finished finished) {
        return new ChatCompletionChunk(id, ChatCompletionChunk.OBJECT, created, model, SYSTEM_FINGERPRINT,
                List.of(), usage(finished));
    }

    private ChatCompletionChunk chunk(Delta delta, String finishReason) {
        return new ChatCompletionChunk(id, ChatCompletionChunk.OBJECT, created, model, SYSTEM_FINGERPRINT,
                List.of(new ChunkChoice(0, delta, null, finishReason)), null);
    }

    private static Usage usage(GenerationStep.Finished finished) {
        return Usage.of(finished.promptTokens(), finished.completionTokens());
    }
}
