package dev.airlock.inference.server;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The one platform thread that runs libtorch work. A native call pins the thread it runs on, so
 * model loading and every forward pass happen here, never on a virtual request thread.
 */
public final class EngineThread implements AutoCloseable {
    private final ExecutorService executor = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("airlock-engine").daemon(true).factory());

    /** Queues {@code task} behind the running one and returns its future. */
    public <T> Future<T> submit(Callable<T> task) {
        return executor.submit(task);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
