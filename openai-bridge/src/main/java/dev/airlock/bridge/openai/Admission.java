package dev.airlock.bridge.openai;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the generations of each served name (base or adapter): at most {@code maxConcurrent}
 * run, at most {@code maxQueue} wait, and one more is refused at once with a 429 rather than
 * queued without limit. A waiter gives up after {@code maxWait}. Thread-safe.
 */
public final class Admission {
    private final int maxConcurrent;
    private final int maxQueue;
    private final Duration maxWait;
    private final BridgeMetrics metrics;
    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();

    private record Lane(Semaphore running, AtomicInteger waiting) {
    }

    /** A held slot; closing it frees the slot. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    public Admission(int maxConcurrent, int maxQueue, Duration maxWait, BridgeMetrics metrics) {
        this.maxConcurrent = maxConcurrent;
        this.maxQueue = maxQueue;
        this.maxWait = maxWait;
        this.metrics = metrics;
    }

    /**
     * Waits for a slot of {@code model}.
     *
     * @throws QueueFull when {@code maxQueue} requests already wait, or the wait exceeds {@code maxWait}
     */
    public Permit acquire(String model) {
        Lane lane = lanes.computeIfAbsent(model, name -> new Lane(new Semaphore(maxConcurrent, true),
                new AtomicInteger()));
        if (!lane.running().tryAcquire()) {
            if (lane.waiting().incrementAndGet() > maxQueue) {
                lane.waiting().decrementAndGet();
                throw new QueueFull("the queue of model '" + model + "' is full (" + maxQueue + " waiting, "
                        + maxConcurrent + " running; bridge.max_queue and bridge.max_concurrent_per_adapter); "
                        + "retry later.");
            }
            metrics.waiting(model, 1);
            try {
                if (!lane.running().tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new QueueFull("model '" + model + "' had no free slot within " + maxWait.toMillis()
                            + " ms (bridge.head_timeout_millis); retry later.");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new QueueFull("interrupted while waiting for a slot of model '" + model + "'");
            } finally {
                lane.waiting().decrementAndGet();
                metrics.waiting(model, -1);
            }
        }
        metrics.running(model, 1);
        var released = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                metrics.running(model, -1);
                lane.running().release();
            }
        };
    }
}
