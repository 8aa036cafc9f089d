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
 */
public record ModelEntry(String name, Path path, String device, String dtype, Map<String, Path> adapters) {
    public ModelEntry {
        adapters = Map.copyOf(adapters);
    }
}
