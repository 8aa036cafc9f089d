package dev.airlock.inference.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Phi4TokenizerJsonTest {
    @TempDir
    Path dir;

    @Test
    void writesTheOldMethodMergesAndTheWholeVocabulary() throws IOException {
        Path file = Phi4TokenizerFixture.tokenizerJson();

        JsonObject json;
        try (Reader reader = Files.newBufferedReader(file)) {
            json = Json.createReader(reader).readObject();
        }

        JsonObject model = json.getJsonObject("model");
        assertThat(model.getJsonArray("merges")).hasSize(199_742);
        assertThat(model.getJsonObject("vocab")).hasSize(199_998 + Phi4Token.values().length);
        assertThat(model.getJsonObject("vocab").getInt("Ġthe")).isEqualTo(290);
        assertThat(json.getJsonArray("added_tokens")).hasSize(12);
    }

    @Test
    void writesTheSameBytesEveryRun() throws IOException {
        Path first = dir.resolve("a.json");
        Path second = dir.resolve("b.json");

        Phi4TokenizerJson.write(first);
        Phi4TokenizerJson.write(second);

        assertThat(Files.mismatch(first, second)).isEqualTo(-1L);
    }

    @Test
    void marksToolTokensAsNotSpecial() throws IOException {
        Path file = Phi4TokenizerFixture.tokenizerJson();

        JsonObject json;
        try (Reader reader = Files.newBufferedReader(file)) {
            json = Json.createReader(reader).readObject();
        }

        var specialById = new java.util.TreeMap<Integer, Boolean>();
        json.getJsonArray("added_tokens").getValuesAs(JsonObject.class)
                .forEach(token -> specialById.put(token.getInt("id"), token.getBoolean("special")));
        assertThat(specialById).containsEntry(199_999, true)
                .containsEntry(200_020, true)
                .containsEntry(200_023, false)
                .containsEntry(200_027, false)
                .containsEntry(200_028, true);
    }
}
