package dev.airlock.inference.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.airlock.inference.checkpoint.Phi3Config;
import dev.airlock.inference.checkpoint.Phi3Linear;

class LoraAdapterTest {
    @TempDir
    Path dir;

    private static Path golden(String path) throws URISyntaxException {
        return Path.of(LoraAdapterTest.class.getResource("/golden/" + path).toURI());
    }

    @Test
    void loadsEveryTargetedModuleWithAlphaOverRScale() throws Exception {
        Phi3Config config = Phi3Config.load(golden("phi3-tiny-a"));

        try (var adapter = LoraAdapter.load(golden("phi3-tiny-a/adapter"), config)) {
            assertThat(adapter.moduleCount()).isEqualTo(2 * 4);
            assertThat(adapter.find(Phi3Linear.DOWN_PROJ, 1).orElseThrow().scale()).isEqualTo(4.0);
        }
    }

    @Test
    void regexTargetsMustMatchTheWholeModuleName() throws IOException {
        Files.writeString(dir.resolve(LoraConfig.FILE), "{\"r\": 16, \"lora_alpha\": 32, \"use_rslora\": true,"
                + "\"target_modules\": \"model.layers.\\\\d+.((self_attn.(qkv|o)_proj)|(mlp.(gate_up|down)_proj))\"}");

        LoraConfig config = LoraConfig.load(dir);

        assertThat(config.targets("model.layers.3.self_attn.qkv_proj")).isTrue();
        assertThat(config.targets("base.model.layers.3.self_attn.qkv_proj")).isFalse();
        assertThat(config.scalingOf("model.layers.3.mlp.down_proj")).isCloseTo(8.0, within(1e-12));
    }

    @Test
    void listTargetsMatchBySuffix() throws IOException {
        Files.writeString(dir.resolve(LoraConfig.FILE), "{\"r\": 4, \"target_modules\": [\"o_proj\"]}");

        LoraConfig config = LoraConfig.load(dir);

        assertThat(config.targets("model.layers.0.self_attn.o_proj")).isTrue();
        assertThat(config.targets("model.layers.0.self_attn.qkv_proj")).isFalse();
    }

    @Test
    void adapterWithoutLoraTensorsIsAnError() throws Exception {
        Files.copy(golden("phi3-tiny-a/adapter/adapter_config.json"), dir.resolve(LoraConfig.FILE));
        byte[] header = "{\"__metadata__\":{\"format\":\"pt\"}}".getBytes();
        var bytes = java.nio.ByteBuffer.allocate(8 + header.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        Files.write(dir.resolve(LoraAdapter.WEIGHTS_FILE), bytes.putLong(header.length).put(header).array());
        Phi3Config config = Phi3Config.load(golden("phi3-tiny-a"));

        assertThatThrownBy(() -> LoraAdapter.load(dir, config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds no LoRA tensors");
    }

    @Test
    void doraIsRejectedWithTheField() throws IOException {
        Files.writeString(dir.resolve(LoraConfig.FILE), "{\"r\": 4, \"use_dora\": true, \"target_modules\": [\"o_proj\"]}");

        assertThatThrownBy(() -> LoraConfig.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use_dora");
    }
}
