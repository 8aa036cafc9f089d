package dev.airlock.dto.openai;

import jakarta.json.bind.serializer.JsonbSerializer;
import jakarta.json.bind.serializer.SerializationContext;
import jakarta.json.stream.JsonGenerator;

/** Writes a {@link ChatCompletionChunk} with {@code "usage": null} present when there is none. */
public final class ChatCompletionChunkSerializer implements JsonbSerializer<ChatCompletionChunk> {
    @Override
    public void serialize(ChatCompletionChunk chunk, JsonGenerator generator, SerializationContext context) {
        generator.writeStartObject();
        writeString(generator, "id", chunk.id());
        writeString(generator, "object", chunk.object());
        generator.write("created", chunk.created());
        writeString(generator, "model", chunk.model());
        writeString(generator, "system_fingerprint", chunk.systemFingerprint());
        context.serialize("choices", chunk.choices(), generator);
        if (chunk.usage() == null) {
            generator.writeNull("usage");
        } else {
            context.serialize("usage", chunk.usage(), generator);
        }
        generator.writeEnd();
    }

    private static void writeString(JsonGenerator generator, String name, String value) {
        if (value == null) {
            generator.writeNull(name);
        } else {
            generator.write(name, value);
        }
    }
}
