package dev.airlock.inference.server;

import java.nio.file.Path;
import java.util.Map;

/**
 * One base model of {@code model_config.json} as the inference server loads it.
 *
 * @param name the served name of the base model
 * @param path the checkpoint folder (Hugging Face layout)
 * @param device {@code cpu} or {@code cuda}
 * @param dtype compute dtype, {@code float32} or {@code bfloat16}
 * @param adapters served adapter name to PEFT adapter folder
 * @param maxLoraRank the largest LoRA rank an adapter of this model may have ({@code max_lora_rank}, BL-16)
 * @param generation defaults for what requests leave out ({@code generation})
 */
public record ModelEntry(String name, Path path, String device, String dtype, Map<String, Path> adapters,
        int maxLoraRank, GenerationDefaults generation) {
    /** {@code max_lora_rank} when the config gives none (vLLM's is 16). */
    public static final int DEFAULT_MAX_LORA_RANK = 64;

    public ModelEntry {
        adapters = Map.copyOf(adapters);
        generation = generation == null ? GenerationDefaults.NONE : generation;
        if (maxLoraRank <= 0) {
            throw new IllegalArgumentException("max_lora_rank must be positive, found " + maxLoraRank);
        }
    }
}
