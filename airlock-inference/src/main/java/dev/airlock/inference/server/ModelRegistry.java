package dev.airlock.inference.server;

import java.nio.file.Path;
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
import dev.airlock.inference.lora.LoraConfig;
import dev.airlock.inference.model.EngineOptions;
import dev.airlock.inference.model.Phi3Model;
import dev.airlock.inference.tokenizer.Tokenizer;

/**
 * Every served name, loaded from the config, plus adapters loaded and unloaded at run time
 * (BL-15). Load, unload and close on the engine thread; lookups are safe from any thread.
 */
public final class ModelRegistry implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(ModelRegistry.class.getName());

    private final Map<String, ServedModel> byName;
    private final List<AutoCloseable> owned;
    private final Map<String, Integer> maxLoraRanks; // base name -> max_lora_rank

    private ModelRegistry(Map<String, ServedModel> byName, List<AutoCloseable> owned,
            Map<String, Integer> maxLoraRanks) {
        // Insertion order (bases first, config order) with safe concurrent reads.
        this.byName = java.util.Collections.synchronizedMap(new LinkedHashMap<>(byName));
        this.owned = owned;
        this.maxLoraRanks = Map.copyOf(maxLoraRanks);
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
        var maxLoraRanks = new LinkedHashMap<String, Integer>();
        config.models().forEach(entry -> maxLoraRanks.put(entry.name(), entry.maxLoraRank()));
        return new ModelRegistry(byName, owned, maxLoraRanks);
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
        var defaults = entry.generation();
        byName.put(entry.name(), new ServedModel(entry.name(), null, model, null, tokenizer, template, eos, created,
                defaults));
        LOGGER.log(System.Logger.Level.INFO, "model {0} loaded from {1} in {2,number,#} ms", entry.name(),
                entry.path(), Duration.between(start, Instant.now()).toMillis());
        entry.adapters().forEach((name, dir) -> {
            LoraAdapter adapter = loadChecked(model, dir, entry.maxLoraRank());
            owned.add(adapter);
            byName.put(name, new ServedModel(name, entry.name(), model, adapter, tokenizer, template, eos, created,
                    defaults));
            LOGGER.log(System.Logger.Level.INFO, "adapter {0} of {1} loaded from {2}", name, entry.name(), dir);
        });
    }

    /** Loads an adapter after checking its ranks, before any tensor is read. */
    static LoraAdapter loadChecked(Phi3Model model, Path dir, int maxLoraRank) {
        LoraConfig config = LoraConfig.load(dir);
        try {
            config.checkRank(maxLoraRank);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(dir + ": " + e.getMessage(), e);
        }
        return model.loadAdapter(dir);
    }

    /** Returns the served name, if it exists. */
    public Optional<ServedModel> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Returns every served name, bases first, in config order, then adapters loaded later. */
    public List<ModelInfo> list() {
        synchronized (byName) {
            return byName.values().stream().map(ServedModel::info).toList();
        }
    }

    /**
     * Loads the adapter in {@code dir} onto base {@code baseName} (null: the only base) and serves
     * it as {@code name}. Engine thread only.
     *
     * @throws IllegalArgumentException when the name is taken, the base is unknown, or the adapter
     *     does not fit the base (the loader says why)
     */
    public ServedModel loadAdapter(String name, String baseName, Path dir) {
        if (byName.containsKey(name)) {
            throw new IllegalArgumentException("the name '" + name + "' is already served; unload it first or "
                    + "choose another name");
        }
        ServedModel base = base(baseName);
        LoraAdapter adapter = loadChecked(base.model(), dir,
                maxLoraRanks.getOrDefault(base.name(), ModelEntry.DEFAULT_MAX_LORA_RANK));
        var served = new ServedModel(name, base.name(), base.model(), adapter, base.tokenizer(), base.chatTemplate(),
                base.eosTokenIds(), Instant.now().getEpochSecond(), base.defaults());
        owned.add(adapter);
        byName.put(name, served);
        LOGGER.log(System.Logger.Level.INFO, "adapter {0} of {1} loaded from {2} at run time", name, base.name(), dir);
        return served;
    }

    /**
     * Stops serving the adapter {@code name} and frees its weights. Engine thread only, so no
     * generation is using it (generations run on that thread too, and re-check their name first).
     *
     * @throws java.util.NoSuchElementException when no adapter has that name
     * @throws IllegalArgumentException when {@code name} is a base model
     */
    public ServedModel unloadAdapter(String name) {
        ServedModel served = byName.get(name);
        if (served == null) {
            throw new java.util.NoSuchElementException("no adapter named '" + name + "' is loaded");
        }
        if (served.adapter() == null) {
            throw new IllegalArgumentException("'" + name + "' is a base model, not an adapter");
        }
        byName.remove(name);
        owned.remove(served.adapter());
        served.adapter().close();
        LOGGER.log(System.Logger.Level.INFO, "adapter {0} unloaded", name);
        return served;
    }

    private ServedModel base(String baseName) {
        List<ServedModel> bases;
        synchronized (byName) {
            bases = byName.values().stream().filter(model -> model.adapter() == null).toList();
        }
        if (baseName == null) {
            if (bases.size() != 1) {
                throw new IllegalArgumentException("there are " + bases.size() + " base models; name the base");
            }
            return bases.getFirst();
        }
        return bases.stream().filter(model -> model.name().equals(baseName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no base model named '" + baseName + "'"));
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
