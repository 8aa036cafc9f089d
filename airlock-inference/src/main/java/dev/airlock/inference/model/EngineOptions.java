package dev.airlock.inference.model;

/**
 * How the engine computes.
 *
 * @param device {@code "cpu"}; CUDA needs the {@code cuda} build profile and is not wired yet
 * @param dtype compute dtype; only {@code "float32"} on the CPU (bf16 GEMM is unusably slow there)
 * @param threads libtorch intra-op threads, process-wide; 0 keeps libtorch's default
 */
public record EngineOptions(String device, String dtype, int threads) {
    public EngineOptions {
        if (!"cpu".equals(device)) {
            throw new IllegalArgumentException("device '" + device + "' is not supported; expected cpu");
        }
        if (!"float32".equals(dtype)) {
            throw new IllegalArgumentException("dtype '" + dtype + "' is not supported; expected float32 "
                    + "(bf16 weights are upcast at load)");
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 (default) or positive, found " + threads);
        }
    }

    /** Options with libtorch's default thread count. */
    public EngineOptions(String device, String dtype) {
        this(device, dtype, 0);
    }

    /** CPU, float32, libtorch's default threads. */
    public static EngineOptions defaults() {
        return new EngineOptions("cpu", "float32", 0);
    }
}
