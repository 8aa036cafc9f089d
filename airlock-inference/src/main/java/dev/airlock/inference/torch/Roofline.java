package dev.airlock.inference.torch;

import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Measures what this machine can do through libtorch, for the benchmark's ratios: memory read
 * bandwidth (a float32 {@code sum}) and float32 GEMM throughput ({@code mm}). Each call returns
 * the seconds of several timed runs after one warm-up. Runs on the calling thread; blocks for seconds.
 */
public final class Roofline {
    private Roofline() {
    }

    /**
     * Returns the seconds of {@code runs} timed {@code sum}s over a float32 tensor of {@code bytes}
     * (at least 1 GiB to defeat the caches).
     */
    public static double[] readSeconds(long bytes, int runs) {
        try (var scope = new StepScope()) {
            Tensor data = torch.ones(new long[] {bytes / Float.BYTES}, new TensorOptions(ScalarType.Float));
            data.sum().item_float();
            double[] seconds = new double[runs];
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                data.sum().item_float();
                seconds[i] = (System.nanoTime() - start) / 1e9;
            }
            return seconds;
        }
    }

    /** Returns the seconds of {@code runs} timed float32 {@code [n, n] x [n, n]} products (2 n³ FLOP each). */
    public static double[] gemmSeconds(int n, int runs) {
        try (var scope = new StepScope()) {
            Tensor a = torch.rand(new long[] {n, n}, new TensorOptions(ScalarType.Float));
            Tensor b = torch.rand(new long[] {n, n}, new TensorOptions(ScalarType.Float));
            Tensor out = torch.empty(new long[] {n, n}, new TensorOptions(ScalarType.Float),
                    new MemoryFormatOptional());
            torch.mm_out(out, a, b);
            double[] seconds = new double[runs];
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                torch.mm_out(out, a, b);
                seconds[i] = (System.nanoTime() - start) / 1e9;
            }
            return seconds;
        }
    }
}
