package dev.airlock.inference.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.airlock.inference.chat.ChatTemplate;
import dev.airlock.inference.tokenizer.Tokenizer;

class RandomCheckpointTest {
    @TempDir
    static Path root;

    private static Path demo;

    @BeforeAll
    static void writeDemo() {
        demo = root.resolve("demo");
        RandomCheckpoint.write(demo, ModelPreset.demo(), new RandomCheckpointOptions(7, SafetensorsDtype.F32, 4));
    }

    @Test
    void writesTheHuggingFaceLayout() {
        assertThat(demo.resolve("config.json")).isRegularFile();
        assertThat(demo.resolve("model.safetensors")).isRegularFile();
        assertThat(demo.resolve("tokenizer.json")).isRegularFile();
        assertThat(demo.resolve("tokenizer_config.json")).isRegularFile();
        assertThat(demo.resolve("generation_config.json")).isRegularFile();
        assertThat(demo.resolve("adapter/adapter_config.json")).isRegularFile();
        assertThat(demo.resolve("adapter/adapter_model.safetensors")).isRegularFile();
    }

    @Test
    void writesTheSameBytesForTheSameSeed() throws IOException {
        Path again = root.resolve("again");

        RandomCheckpoint.write(again, ModelPreset.demo(), new RandomCheckpointOptions(7, SafetensorsDtype.F32, 4));

        for (String file : List.of("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
                "generation_config.json", "adapter/adapter_config.json", "adapter/adapter_model.safetensors")) {
            assertThat(sha256(again.resolve(file))).as(file).isEqualTo(sha256(demo.resolve(file)));
        }
    }

    @Test
    void writesDifferentWeightsForAnotherSeed() throws IOException {
        Path other = root.resolve("other");

        RandomCheckpoint.write(other, ModelPreset.demo().withLayers(1), RandomCheckpointOptions.of(8));

        try (var a = SafetensorsReader.open(demo.resolve("model.safetensors"));
                var b = SafetensorsReader.open(other.resolve("model.safetensors"))) {
            assertThat(a.map(a.require("model.norm.weight"), 0, 512))
                    .isEqualTo(b.map(b.require("model.norm.weight"), 0, 512));
            assertThat(a.map(a.require("model.embed_tokens.weight"), 0, 512))
                    .isNotEqualTo(b.map(b.require("model.embed_tokens.weight"), 0, 512));
        }
    }

    @Test
    void namesAndShapesTheTensorsLikePhi4MiniWithTiedEmbeddings() {
        try (var reader = SafetensorsReader.open(demo.resolve("model.safetensors"))) {
            assertThat(reader.names()).hasSize(1 + 2 * 6 + 1).doesNotContain("lm_head.weight");
            assertThat(reader.require("model.embed_tokens.weight").shape()).containsExactly(200_064, 128);
            assertThat(reader.require("model.layers.1.input_layernorm.weight").shape()).containsExactly(128);
            assertThat(reader.require("model.layers.1.self_attn.qkv_proj.weight").shape()).containsExactly(256, 128);
            assertThat(reader.require("model.layers.1.self_attn.o_proj.weight").shape()).containsExactly(128, 128);
            assertThat(reader.require("model.layers.1.post_attention_layernorm.weight").shape())
                    .containsExactly(128);
            assertThat(reader.require("model.layers.1.mlp.gate_up_proj.weight").shape()).containsExactly(512, 128);
            assertThat(reader.require("model.layers.1.mlp.down_proj.weight").shape()).containsExactly(128, 256);
            assertThat(reader.require("model.norm.weight").shape()).containsExactly(128);
            assertThat(reader.metadata()).containsEntry("format", "pt");
        }
    }

    @Test
    void drawsFiniteWeightsWithTheInitializerSpread() {
        try (var reader = SafetensorsReader.open(demo.resolve("model.safetensors"))) {
            TensorEntry embed = reader.require("model.embed_tokens.weight");
            ByteBuffer data = reader.map(embed, 0, (int) embed.sizeBytes());

            double sum = 0;
            double squares = 0;
            int nonFinite = 0;
            int n = (int) embed.numel();
            for (int i = 0; i < n; i++) {
                float value = data.getFloat(4 * i);
                nonFinite += Float.isFinite(value) ? 0 : 1;
                sum += value;
                squares += (double) value * value;
            }
            double mean = sum / n;
            double std = Math.sqrt(squares / n - mean * mean);
            assertThat(nonFinite).isZero();
            assertThat(mean).isBetween(-1e-4, 1e-4);
            assertThat(std).isBetween(0.0199, 0.0201);
        }
    }

    @Test
    void writesAConfigThePhi3ConfigReaderAccepts() {
        Phi3Config config = Phi3Config.load(demo);

        assertThat(config.vocabSize()).isEqualTo(200_064);
        assertThat(config.headDim()).isEqualTo(32);
        assertThat(config.rotaryDim()).isEqualTo(24);
        assertThat(config.numKeyValueHeads()).isEqualTo(2);
        assertThat(config.tieWordEmbeddings()).isTrue();
        assertThat(config.ropeScaling().longFactor()).hasSize(12);
        assertThat(config.eosTokenIds()).contains(199_999, 200_020);
    }

    @Test
    void writesAnAdapterWithRandomAAndBOnTheFourTargets() {
        try (var reader = SafetensorsReader.open(demo.resolve("adapter/adapter_model.safetensors"))) {
            String qkv = "base_model.model.model.layers.0.self_attn.qkv_proj.";
            String down = "base_model.model.model.layers.1.mlp.down_proj.";
            assertThat(reader.names()).hasSize(2 * 4 * 2);
            assertThat(reader.require(qkv + "lora_A.weight").shape()).containsExactly(4, 128);
            assertThat(reader.require(qkv + "lora_B.weight").shape()).containsExactly(256, 4);
            assertThat(reader.require(down + "lora_A.weight").shape()).containsExactly(4, 256);
            assertThat(reader.require(down + "lora_B.weight").shape()).containsExactly(128, 4);
            ByteBuffer b = reader.map(reader.require(qkv + "lora_B.weight"), 0, 16);
            assertThat(b.getFloat(0)).isNotZero();
        }
    }

    @Test
    void putsTheVerbatimPhi4ChatTemplateInTheTokenizerConfig() {
        JsonDocument config = JsonDocument.read(demo.resolve("tokenizer_config.json"));

        assertThat(config.optionalString("chat_template")).contains(ChatTemplate.PHI4_JINJA);
        assertThat(config.optionalString("eos_token")).contains("<|endoftext|>");
        assertThat(config.optionalObject("added_tokens_decoder").orElseThrow()
                .optionalObject("200023").orElseThrow().optionalBoolean("special")).contains(false);
    }

    @Test
    void writesATokenizerThatLoadsFromTheCheckpointFolder() {
        try (Tokenizer tokenizer = Tokenizer.load(demo)) {
            assertThat(tokenizer.encode("<|user|>Hello world<|end|>")).containsExactly(200_021, 13_225, 2375, 200_020);
        }
    }

    @Test
    void writesTheGenerationConfigStopIds() {
        JsonDocument config = JsonDocument.read(demo.resolve("generation_config.json"));

        assertThat(config.intOrIntList("eos_token_id")).containsExactly(200_020, 199_999);
        assertThat(config.optionalInt("bos_token_id")).contains(199_999);
        assertThat(config.optionalInt("pad_token_id")).contains(199_999);
    }

    @Test
    void readsAConfigBackAndOverridesTheLayers() throws IOException {
        Path file = Files.createDirectories(root.resolve("phi-4-mini-demo")).resolve("config.json");
        ModelPreset.demo().writeConfig(file, SafetensorsDtype.BF16);

        ModelPreset preset = ModelPreset.fromConfig(file).withLayers(1);

        assertThat(preset).isEqualTo(ModelPreset.demo().withLayers(1));
    }

    private static String sha256(Path file) throws IOException {
        try (var in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
