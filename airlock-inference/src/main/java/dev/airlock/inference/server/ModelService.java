package dev.airlock.inference.server;

import java.util.concurrent.Future;

/**
 * Owns the model registry through its life: loading (health 503), ready (200), or failed (503
 * with the reason). Loading runs on the engine thread so that the channel answers at once.
 */
public final class ModelService implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(ModelService.class.getName());

    /** What health reports. */
    public record State(boolean ready, String status, String message) {
    }

    private final EngineThread engine;
    private volatile ModelRegistry registry;
    private volatile State state = new State(false, "loading", "the models are loading");
    private Future<?> loading;

    public ModelService(EngineThread engine) {
        this.engine = engine;
    }

    /** Starts loading {@code config} in the background. */
    public void start(InferenceConfig config) {
        loading = engine.submit(() -> {
            try {
                registry = ModelRegistry.load(config);
                state = new State(true, "ok", registry.list().size() + " model(s) loaded");
            } catch (RuntimeException | LinkageError e) {
                // A missing native or class is an Error; health must say "failed", not "loading" forever.
                LOGGER.log(System.Logger.Level.ERROR, "could not load the models of " + config.file(), e);
                state = new State(false, "failed", String.valueOf(e.getMessage()));
            }
            return null;
        });
    }

    /** Waits until loading has finished, successfully or not. */
    public State awaitLoaded() throws InterruptedException {
        try {
            loading.get();
        } catch (java.util.concurrent.ExecutionException e) {
            LOGGER.log(System.Logger.Level.ERROR, "model loading failed", e.getCause());
        }
        return state;
    }

    /** Returns the registry, or null while loading or after a failure. */
    public ModelRegistry registry() {
        return registry;
    }

    /** Returns the current state. */
    public State state() {
        return state;
    }

    @Override
    public void close() {
        var current = registry;
        registry = null;
        if (current != null) {
            engine.submit(() -> {
                current.close();
                return null;
            });
        }
    }
}
