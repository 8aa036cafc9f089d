package dev.airlock.inference.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.airlock.dto.generation.PromptMessage;
import dev.airlock.inference.chat.ChatTemplate;
import dev.airlock.inference.lora.LoraAdapter;
import dev.airlock.inference.model.EngineOptions;
import dev.airlock.inference.model.Phi3Model;
import dev.airlock.inference.model.Sequence;
import dev.airlock.inference.tokenizer.Tokenizer;

/** The demo checkpoint through the engine on CPU: random weights must still give usable output. */
class RandomCheckpointGreedyTest {
    private static final int STEPS = 12;

    @TempDir
    static Path dir;

    private static Phi3Model model;
    private static LoraAdapter adapter;
    private static Tokenizer tokenizer;
    private static int[] prompt;

    @BeforeAll
    static void load() {
        RandomCheckpoint.write(dir, ModelPreset.demo(), new RandomCheckpointOptions(0, SafetensorsDtype.F32, 8));
        model = Phi3Model.load(dir, EngineOptions.defaults());
        adapter = model.loadAdapter(dir.resolve(RandomCheckpoint.ADAPTER_FOLDER));
        tokenizer = Tokenizer.load(dir);
        String text = ChatTemplate.load(dir).render(List.of(new PromptMessage("user", "Tell me a story.")), true);
        prompt = tokenizer.encode(text);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
        adapter.close();
        model.close();
    }

    @Test
    void greedyDecodingGivesFiniteLogitsAndVariedVisibleText() {
        int[] tokens = greedy(null);

        assertThat(Arrays.stream(tokens).distinct().count()).isGreaterThanOrEqualTo(STEPS / 2);
        assertThat(tokenizer.decode(tokens, true)).isNotBlank();
    }

    @Test
    void theAdapterChangesTheGreedyTokens() {
        int[] base = greedy(null);

        int[] adapted = greedy(adapter);

        assertThat(adapted).isNotEqualTo(base);
    }

    private static int[] greedy(LoraAdapter lora) {
        var tokens = new int[STEPS];
        try (Sequence sequence = model.newSequence(lora)) {
            float[] logits = sequence.prefill(prompt);
            for (int i = 0; i < STEPS; i++) {
                assertThat(logits).hasSize(ModelPreset.PHI4_VOCAB_SIZE);
                assertThat(nonFinite(logits)).isZero();
                tokens[i] = argmax(logits);
                logits = sequence.decode(tokens[i]);
            }
        }
        return tokens;
    }

    private static int nonFinite(float[] logits) {
        int count = 0;
        for (float logit : logits) {
            count += Float.isFinite(logit) ? 0 : 1;
        }
        return count;
    }

    private static int argmax(float[] logits) {
        int best = 0;
        for (int i = 0; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
