package dev.airlock.inference.server;

import java.util.Set;

import dev.airlock.dto.generation.ModelInfo;
import dev.airlock.inference.chat.ChatTemplate;
import dev.airlock.inference.lora.LoraAdapter;
import dev.airlock.inference.model.Phi3Model;
import dev.airlock.inference.model.Sequence;
import dev.airlock.inference.tokenizer.Tokenizer;

/**
 * A served name: a base model, optionally with one of its LoRA adapters. Adapters share their
 * base's weights, tokenizer and chat template. Used on the engine thread only.
 *
 * @param name the served name
 * @param parent the base's served name for an adapter, null for a base
 * @param model the base model's weights
 * @param adapter the adapter, null for the base
 * @param tokenizer the checkpoint's tokenizer
 * @param chatTemplate the checkpoint's chat template
 * @param eosTokenIds ids that end a generation (config.json and generation_config.json)
 * @param createdSeconds load time, seconds since the epoch
 * @param defaults the base model's generation defaults, shared by its adapters
 */
public record ServedModel(
        String name,
        String parent,
        Phi3Model model,
        LoraAdapter adapter,
        Tokenizer tokenizer,
        ChatTemplate chatTemplate,
        Set<Integer> eosTokenIds,
        long createdSeconds,
        GenerationDefaults defaults) {

    /** Returns the most tokens prompt and completion may take together. */
    public int contextLength() {
        return model.config().maxPositionEmbeddings();
    }

    /** Starts a sequence with this name's adapter; the caller closes it. */
    public Sequence newSequence() {
        return model.newSequence(adapter);
    }

    /** Returns how this name is listed. */
    public ModelInfo info() {
        return new ModelInfo(name, parent, createdSeconds, contextLength());
    }
}
