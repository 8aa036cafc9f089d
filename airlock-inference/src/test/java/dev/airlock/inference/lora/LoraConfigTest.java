package dev.airlock.inference.lora;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** BL-16: max_lora_rank is checked against r and every rank_pattern override, from the config alone. */
class LoraConfigTest {
    @TempDir
    Path dir;

    private LoraConfig write(String json) throws IOException {
        Files.writeString(dir.resolve(LoraConfig.FILE), json);
        return LoraConfig.load(dir);
    }

    @Test
    void rankAboveTheLimitNamesBothRanks() throws IOException {
        LoraConfig config = write("""
                {"peft_type": "LORA", "r": 64, "lora_alpha": 16, "target_modules": ["qkv_proj"]}
                """);

        assertThatThrownBy(() -> config.checkRank(16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("adapter rank 64 exceeds max_lora_rank 16");
        assertThatCode(() -> config.checkRank(64)).doesNotThrowAnyException();
    }

    @Test
    void rankPatternOverrideAboveTheLimitIsRefused() throws IOException {
        LoraConfig config = write("""
                {"r": 8, "target_modules": ["qkv_proj", "o_proj"], "rank_pattern": {"o_proj": 32}}
                """);

        assertThatThrownBy(() -> config.checkRank(16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("adapter rank 32 (rank_pattern 'o_proj') exceeds max_lora_rank 16");
        assertThatCode(() -> config.checkRank(32)).doesNotThrowAnyException();
    }
}
