package dev.airlock.inference.server;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.airlock.dto.generation.ModelInfo;
import dev.airlock.inference.chat.ChatTemplate;
import dev.airlock.inference.lora.LoraAdapter;
import dev.airlock.inference.model.EngineOptions;
import dev.airlock.inference.model.Phi3Model;
import dev.airlock.inference.tokenizer.Tokenizer;

/**
 * Every served name, loaded from the config. Load and close on the engine thread; lookups are
 * safe from any thread once {@link #load} has returned.
 */
public final class ModelRegistry implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(ModelRegistry.class.getName());

    private final Map<String, ServedModel> byName;
    private final List<AutoCloseable> owned;

    private ModelRegistry(Map<String, ServedModel> byName, List<AutoCloseable> owned) {
        this.byName = Map.copyOf(byName);
        this.owned = owned;
    }

    /** Loads every base model and adapter of {@code config}; fails on the first that cannot load. */
    public static ModelRegistry load(InferenceConfig config) {
        var byName = new LinkedHashMap<String, ServedModel>();
        var owned = new ArrayList<AutoCloseable>();
        try {
            for (ModelEntry entry : config.models()) {
                loadEntry(entry, byName, owned);
            }
        } catch (RuntimeException e) {
            closeAll(owned);
            throw e;
        }
        return new ModelRegistry(byName, owned);
    }

    private static void loadEntry(ModelEntry entry, Map<String, ServedModel> byName, List<AutoCloseable> owned) {
        Instant start = Instant.now();
        Phi3Model model = Phi3Model.load(entry.path(), new EngineOptions(entry.device(), entry.dtype()));
        owned.add(model);
        Tokenizer tokenizer = Tokenizer.load(entry.path());
        owned.add(tokenizer);
        ChatTemplate template = ChatTemplate.load(entry.path());
        long created = Instant.now().getEpochSecond();
        var eos = model.config().eosTokenIds();
        byName.put(entry.name(), new ServedModel(entry.name(), null, model, null, tokenizer, template, eos, created));
        LOGGER.log(System.Logger.Level.INFO, "model {0} loaded from {1} in {2,number,#} ms", entry.name(),
                entry.path(), Duration.between(start, Instant.now()).toMillis());
        entry.adapters().forEach((name, dir) -> {
            LoraAdapter adapter = model.loadAdapter(dir);
            owned.add(adapter);
            byName.put(name, new ServedModel(name, entry.name(), model, adapter, tokenizer, template, eos, created));
            LOGGER.log(System.Logger.Level.INFO, "adapter {0} of {1} loaded from {2}", name, entry.name(), dir);
        });
    }

    /** Returns the served name, if it exists. */
    public Optional<ServedModel> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Returns every served name, bases first, in config order. */
    public List<ModelInfo> list() {
        return byName.values().stream().map(ServedModel::info).toList();
    }

    @Override
    public void close() {
        closeAll(owned);
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOGGER.log(System.Logger.Level.WARNING, "could not release a model resource", e);
            }
        }
        resources.clear();
    }
}
