package dev.airlock.bridge.openai;

import java.util.List;
import java.util.Optional;

import dev.airlock.dto.generation.ModelInfo;
import dev.airlock.dto.openai.ModelListResponse;
import dev.airlock.dto.openai.ModelObject;

/**
 * The models the airlock serves, cached. A name missing from the cache triggers one refresh,
 * so an adapter loaded inside the airlock is found on its first request. Thread-safe.
 */
public final class ModelCatalog {
    static final String OWNED_BY = "airlock";

    private final AirlockClient client;
    private volatile List<ModelInfo> models;

    public ModelCatalog(AirlockClient client) {
        this.client = client;
    }

    /**
     * Returns the served model named {@code name}.
     *
     * @throws ModelNotFound when the airlock does not serve it, even after a refresh
     * @throws BridgeException when the airlock cannot be asked
     */
    public ModelInfo require(String name) {
        return find(name).orElseThrow(() -> ModelNotFound.of(name));
    }

    /** Returns the model named {@code name}, refreshing the cache once when it is missing. */
    public Optional<ModelInfo> find(String name) {
        List<ModelInfo> snapshot = models;
        if (snapshot != null) {
            Optional<ModelInfo> cached = lookup(snapshot, name);
            if (cached.isPresent()) {
                return cached;
            }
        }
        return lookup(refresh(), name);
    }

    /** Asks the airlock for its models, caches them and returns them as the OpenAI list. */
    public ModelListResponse list() {
        return ModelListResponse.of(refresh().stream().map(ModelCatalog::toOpenAi).toList());
    }

    /**
     * Asks the airlock for its models, caches them and returns them as the airlock lists them.
     *
     * @throws BridgeException when the airlock cannot be asked
     */
    public List<ModelInfo> served() {
        return refresh();
    }

    /** Returns the OpenAI shape of {@code model}. */
    public static ModelObject toOpenAi(ModelInfo model) {
        return new ModelObject(model.id(), ModelObject.OBJECT, Math.max(0, model.created()), OWNED_BY,
                model.parent());
    }

    private List<ModelInfo> refresh() {
        List<ModelInfo> fresh = client.models().models();
        models = fresh;
        return fresh;
    }

    private static Optional<ModelInfo> lookup(List<ModelInfo> models, String name) {
        return models.stream().filter(model -> model.id().equals(name)).findFirst();
    }
}
