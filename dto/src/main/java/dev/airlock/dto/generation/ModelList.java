package dev.airlock.dto.generation;

import java.util.List;

/** The models the inference server has loaded. */
public record ModelList(List<ModelInfo> models) {
    public ModelList {
        models = models == null ? List.of() : List.copyOf(models);
    }
}
