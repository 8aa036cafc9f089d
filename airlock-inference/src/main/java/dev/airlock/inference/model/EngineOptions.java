package dev.airlock.inference.model;

import java.util.Set;

import dev.airlock.inference.torch.Placement;

/**
 * How the engine computes.
 *
 * @param device {@code "cpu"} or {@code "cuda"} (the first CUDA device; needs the {@code cuda}
 *        build profile, checked when a model loads)
 * @param dtype compute dtype, {@code "float32"} or {@code "bfloat16"}; null picks the device's
 *        default, float32 on the CPU (bf16 math is a slow scalar path there) and bfloat16 on CUDA
 * @param threads libtorch intra-op threads, process-wide; 0 keeps libtorch's default
 */
public record EngineOptions(String device, String dtype, int threads) {
    private static final Set<String> DEVICES = Set.of("cpu", "cuda");
    private static final Set<String> DTYPES = Set.of("float32", "bfloat16");

    public EngineOptions {
        if (!DEVICES.contains(device)) {
            throw new IllegalArgumentException("device '" + device + "' is not supported; expected cpu or cuda");
        }
        if (dtype == null) {
            dtype = "cuda".equals(device) ? "bfloat16" : "float32";
        }
        if (!DTYPES.contains(dtype)) {
            throw new IllegalArgumentException("dtype '" + dtype + "' is not supported; expected float32 or bfloat16");
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

    /** Returns whether tensors live on the CUDA device. */
    public boolean cuda() {
        return "cuda".equals(device);
    }

    /** Returns whether the model computes in bfloat16. */
    public boolean bfloat16() {
        return "bfloat16".equals(dtype);
    }

    Placement placement() {
        return new Placement(cuda(), bfloat16());
    }
}
