package dev.airlock.inference.model;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;

/** One case of a golden folder's expected.json (see src/test/resources/golden/README.md). */
record GoldenCase(String model, int index, String kind, boolean adapter, int[] tokens, float[] logits, int steps,
        int[] expected) {
    static Path folder(String model) {
        try {
            return Path.of(GoldenCase.class.getResource("/golden/" + model).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<GoldenCase> read(String model) {
        JsonObject root;
        try (var reader = Json.createReader(new StringReader(Files.readString(folder(model).resolve("expected.json"))))) {
            root = reader.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var cases = new ArrayList<GoldenCase>();
        var array = root.getJsonArray("cases");
        for (int i = 0; i < array.size(); i++) {
            JsonObject c = array.getJsonObject(i);
            boolean adapter = !c.isNull("adapter");
            int[] tokens = ints(c, "tokens");
            if (c.getString("kind").equals("logits")) {
                var values = c.getJsonArray("logits");
                float[] logits = new float[values.size()];
                for (int j = 0; j < logits.length; j++) {
                    logits[j] = (float) values.getJsonNumber(j).doubleValue();
                }
                cases.add(new GoldenCase(model, i, "logits", adapter, tokens, logits, 0, new int[0]));
            } else {
                cases.add(new GoldenCase(model, i, "greedy", adapter, tokens, new float[0], c.getInt("steps"),
                        ints(c, "expected")));
            }
        }
        return cases;
    }

    private static int[] ints(JsonObject c, String field) {
        return c.getJsonArray(field).stream().mapToInt(v -> ((JsonNumber) v).intValue()).toArray();
    }

    @Override
    public String toString() {
        return model + "#" + index + " " + kind + (adapter ? " +adapter" : "") + " (" + tokens.length + " tokens)";
    }

}
