package dev.airlock.compat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.airlock.inference.checkpoint.ModelPreset;
import dev.airlock.inference.checkpoint.RandomCheckpoint;
import dev.airlock.inference.checkpoint.SafetensorsDtype;

import static org.assertj.core.api.Assertions.assertThat;

/** BL-15 and BL-16 against the real engine: adapters loaded and unloaded at run time, validated at load. */
@ExtendWith(SharedAirlock.class)
class AdapterLifecycleTest {
    @TempDir
    static Path dir;
    static RawBridge raw;

    @BeforeAll
    static void start(LiveAirlock live) {
        raw = new RawBridge(live.baseUrl());
    }

    private static String load(String name, Path path) {
        return "{\"lora_name\":\"" + name + "\",\"lora_path\":\"" + path + "\"}";
    }

    private static List<String> ids() {
        return RawBridge.parse(raw.get("/v1/models").body()).getJsonArray("data").stream()
                .map(JsonValue::asJsonObject).map(model -> model.getString("id")).toList();
    }

    private static int chat(String model) {
        return raw.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}],\"max_tokens\":5}").statusCode();
    }

    @Test
    void adapterLoadsServesAndUnloadsCompletely() {
        // BL-15 steps 1 to 7; step 7 checks the adapter gauge, not process or accelerator memory
        Path adapter = dir.resolve("adapter-c");
        RandomCheckpoint.writeAdapter(adapter, ModelPreset.demo(), 8, 31, SafetensorsDtype.F32);
        long baseline = adaptersLoaded();

        assertThat(raw.post("/v1/load_lora_adapter", load("adapter-c", adapter)).statusCode()).isEqualTo(200);
        assertThat(adaptersLoaded()).isEqualTo(baseline + 1);
        JsonObject listed = RawBridge.parse(raw.get("/v1/models/adapter-c").body());
        assertThat(listed.getString("parent")).isEqualTo(LiveAirlock.MODEL);
        assertThat(ids()).contains("adapter-c");
        JsonObject answer = raw.chat("adapter-c", "hi", 5);
        assertThat(answer.getString("model")).isEqualTo("adapter-c");
        assertThat(raw.post("/v1/load_lora_adapter", load("adapter-c", adapter)).statusCode()).isEqualTo(400);

        assertThat(raw.post("/v1/unload_lora_adapter", "{\"lora_name\":\"adapter-c\"}").statusCode()).isEqualTo(200);
        assertThat(ids()).doesNotContain("adapter-c");
        assertThat(chat("adapter-c")).isEqualTo(404);
        assertThat(raw.post("/v1/unload_lora_adapter", "{\"lora_name\":\"adapter-c\"}").statusCode()).isEqualTo(404);
        for (int i = 0; i < 50; i++) {
            assertThat(raw.post("/v1/load_lora_adapter", load("adapter-c", adapter)).statusCode()).isEqualTo(200);
            assertThat(raw.post("/v1/unload_lora_adapter", "{\"lora_name\":\"adapter-c\"}").statusCode())
                    .isEqualTo(200);
        }
        assertThat(ids()).containsExactlyInAnyOrder(LiveAirlock.MODEL, LiveAirlock.ADAPTER_A, LiveAirlock.ADAPTER_B);
        assertThat(adaptersLoaded()).isEqualTo(baseline).isEqualTo(2);
        assertThat(chat(LiveAirlock.MODEL)).isEqualTo(200);
    }

    /** Reads the resident-adapter gauge of the base from {@code /metrics} (BL-15 step 7). */
    private static long adaptersLoaded() {
        String prefix = "airlock_adapters_loaded{model=\"" + LiveAirlock.MODEL + "\"} ";
        return raw.get("/metrics").body().lines()
                .filter(line -> line.startsWith(prefix))
                .mapToLong(line -> Long.parseLong(line.substring(prefix.length()).trim()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("/metrics has no line starting with " + prefix));
    }

    @Test
    void badAdaptersAreRefusedAtLoadAndTheServerKeepsServing() throws IOException {
        // BL-15 step 8, BL-16
        Path empty = Files.createDirectories(dir.resolve("empty-dir"));
        Path otherBase = dir.resolve("other-base-shapes");
        ModelPreset d = ModelPreset.demo();
        // Half the width with the same 32-dim heads: every adapted projection has other shapes.
        RandomCheckpoint.writeAdapter(otherBase, new ModelPreset("other", d.vocabSize(), 64, d.intermediateSize(),
                d.numHiddenLayers(), 2, 1, d.partialRotaryFactor(), d.ropeTheta(),
                d.ropeScaling(), d.originalMaxPositionEmbeddings(), d.maxPositionEmbeddings(), d.rmsNormEps(),
                d.tieWordEmbeddings(), d.bosTokenId(), d.eosTokenId(), d.padTokenId(), d.slidingWindow()), 8, 5,
                SafetensorsDtype.F32);

        assertThat(raw.post("/v1/load_lora_adapter", load("empty", empty)).statusCode()).isEqualTo(400);
        assertThat(raw.post("/v1/load_lora_adapter", load("wrong-base", otherBase)).statusCode()).isEqualTo(400);
        assertThat(raw.post("/v1/load_lora_adapter", load(LiveAirlock.MODEL, empty)).statusCode()).isEqualTo(400);
        assertThat(raw.post("/v1/load_lora_adapter", "{\"lora_name\":\"x\",\"lora_path\":\"https://example.org/a\"}")
                .statusCode()).isEqualTo(400);
        assertThat(ids()).doesNotContain("empty", "wrong-base");
        assertThat(raw.get("/health").statusCode()).isEqualTo(200);
        assertThat(chat(LiveAirlock.MODEL)).isEqualTo(200);
    }

    @Test
    void adapterAboveMaxLoraRankIs400NamingBothRanksAndTheServerKeepsServing() {
        // BL-16: the server is configured with max_lora_rank 16
        Path big = dir.resolve("rank32");
        RandomCheckpoint.writeAdapter(big, ModelPreset.demo(), 32, 41, SafetensorsDtype.F32);

        var response = raw.post("/v1/load_lora_adapter", load("big-rank", big));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(RawBridge.parse(response.body()).getJsonObject("error").getString("message"))
                .contains("adapter rank 32 exceeds max_lora_rank " + LiveAirlock.MAX_LORA_RANK);
        assertThat(ids()).doesNotContain("big-rank");
        assertThat(raw.get("/health").statusCode()).isEqualTo(200);
        assertThat(chat(LiveAirlock.MODEL)).isEqualTo(200);
        assertThat(chat(LiveAirlock.ADAPTER_A)).isEqualTo(200);
    }
}
