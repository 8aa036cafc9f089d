package dev.airlock.dto.openai;

import java.util.List;

import jakarta.json.bind.annotation.JsonbTypeSerializer;

/**
 * One server-sent event of a streamed chat completion ({@code object: "chat.completion.chunk"}).
 * {@code usage} is written as null on every chunk except the trailing usage chunk, whose
 * {@code choices} is empty.
 * Written by {@link ChatCompletionChunkSerializer}: Yasson 3.0.4 drops a null record-typed
 * component even when it is marked nillable.
 */
@JsonbTypeSerializer(ChatCompletionChunkSerializer.class)
public record ChatCompletionChunk(
        String id,
        String object,
        long created,
        String model,
        String systemFingerprint,
        List<ChunkChoice> choices,
        Usage usage) {
    public static final String OBJECT = "chat.completion.chunk";

    public ChatCompletionChunk {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }
}
