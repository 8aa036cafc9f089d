package dev.airlock.inference.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Phi3ConfigTest {
    @TempDir
    Path dir;

    private Path phi4MiniDir() throws IOException, URISyntaxException {
        Path source = Path.of(getClass().getResource("/config/phi-4-mini-instruct.config.json").toURI());
        Files.copy(source, dir.resolve("config.json"));
        return dir;
    }

    @Test
    void phi4MiniDerivesHeadDimRotaryDimsAndLongRopeAttentionFactor() throws Exception {
        Phi3Config config = Phi3Config.load(phi4MiniDir());

        assertThat(config.headDim()).isEqualTo(128);
        assertThat(config.rotaryDim()).isEqualTo(96);
        assertThat(config.kvGroupSize()).isEqualTo(3);
        assertThat(config.tieWordEmbeddings()).isTrue();
        assertThat(config.ropeScaling().originalMaxPositionEmbeddings()).isEqualTo(4096);
        assertThat(config.ropeScaling().attentionFactor()).isCloseTo(1.1902380714238083, within(1e-15));
        assertThat(config.ropeScaling().longFactor()).hasSize(48);
        assertThat(config.ropeScaling().usesLongFactors(4095)).isFalse();
        assertThat(config.ropeScaling().usesLongFactors(4096)).isTrue();
    }

    @Test
    void eosIdsJoinConfigAndGenerationConfig() throws Exception {
        Path folder = phi4MiniDir();
        Files.writeString(folder.resolve("generation_config.json"), "{\"eos_token_id\": [200020, 199999]}");

        Phi3Config config = Phi3Config.load(folder);

        assertThat(config.eosTokenIds()).containsExactly(199999, 200020);
    }

    @Test
    void rejectsOtherArchitectureNamingTheField() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"architectures\": [\"LlamaForCausalLM\"]}");

        assertThatThrownBy(() -> Phi3Config.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("architectures")
                .hasMessageContaining("Phi3ForCausalLM");
    }

    @Test
    void rejectsConfigThatIsNotJson() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"architectures\": [");

        assertThatThrownBy(() -> Phi3Config.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("config.json is not valid JSON");
    }

    @Test
    void missingConfigIsAnUncheckedIoErrorNamingIt() {
        assertThatThrownBy(() -> Phi3Config.load(dir))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("config.json");
    }

    @Test
    void rejectsFactorListsOfWrongLength() throws IOException {
        Files.writeString(dir.resolve("config.json"), """
                {"architectures": ["Phi3ForCausalLM"], "vocab_size": 10, "hidden_size": 8,
                 "intermediate_size": 16, "num_hidden_layers": 1, "num_attention_heads": 2,
                 "max_position_embeddings": 128, "original_max_position_embeddings": 32,
                 "rope_scaling": {"type": "longrope", "short_factor": [1, 1], "long_factor": [1]}}
                """);

        assertThatThrownBy(() -> Phi3Config.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("long_factor 1");
    }
}
