package dev.airlock.compat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.airlock.dto.generation.PromptMessage;
import dev.airlock.inference.chat.ChatTemplate;
import dev.airlock.inference.model.EngineOptions;
import dev.airlock.inference.model.Phi3Model;
import dev.airlock.inference.sampling.Sampler;
import dev.airlock.inference.tokenizer.Tokenizer;

/**
 * What the served model must answer, computed in the test's own JVM straight from the engine:
 * the rendered prompt's token count, and the greedy tokens and text for a user message.
 */
record GreedyReference(int promptTokens, List<Integer> tokens, String text, String finishReason) {

    static GreedyReference of(Path checkpoint, String userMessage, int maxTokens) {
        return of(checkpoint, null, userMessage, maxTokens);
    }

    /** The same with the PEFT adapter in {@code adapterDir} applied, or the base alone when null. */
    static GreedyReference of(Path checkpoint, Path adapterDir, String userMessage, int maxTokens) {
        try (var model = Phi3Model.load(checkpoint, EngineOptions.defaults());
                var tokenizer = Tokenizer.load(checkpoint)) {
            var adapter = adapterDir == null ? null : model.loadAdapter(adapterDir);
            String prompt = ChatTemplate.load(checkpoint).render(List.of(new PromptMessage("user", userMessage)), true);
            int[] ids = tokenizer.encode(prompt);
            var tokens = new ArrayList<Integer>();
            String finish = "length";
            try (var sequence = model.newSequence(adapter)) {
                float[] logits = sequence.prefill(ids);
                while (tokens.size() < maxTokens) {
                    int token = Sampler.argmax(logits);
                    tokens.add(token);
                    if (model.config().eosTokenIds().contains(token)) {
                        finish = "stop";
                        break;
                    }
                    logits = sequence.decode(token);
                }
            } finally {
                if (adapter != null) {
                    adapter.close();
                }
            }
            int[] generated = tokens.stream().mapToInt(Integer::intValue).toArray();
            return new GreedyReference(ids.length, tokens, tokenizer.decode(generated, true), finish);
        }
    }
}
