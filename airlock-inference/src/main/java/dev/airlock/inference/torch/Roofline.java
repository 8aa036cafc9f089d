package dev.airlock.inference.torch;

import java.util.Arrays;

import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Measures what this machine can do through libtorch, for the benchmark's ratios: memory read
 * bandwidth (a float32 {@code sum}) and float32 GEMM throughput ({@code mm}). Each figure is the
 * median of several timed runs after one warm-up. Runs on the calling thread; blocks for seconds.
 */
public final class Roofline {
    private Roofline() {
    }

    /**
     * Returns read bandwidth in bytes per second: {@code sum} over a float32 tensor of {@code bytes}
     * (at least 1 GiB to defeat the caches), median of {@code runs}.
     */
    public static double readBandwidth(long bytes, int runs) {
        try (var scope = new StepScope()) {
            Tensor data = torch.ones(new long[] {bytes / Float.BYTES}, new TensorOptions(ScalarType.Float));
            data.sum().item_float();
            double[] seconds = new double[runs];
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                data.sum().item_float();
                seconds[i] = (System.nanoTime() - start) / 1e9;
            }
            return bytes / median(seconds);
        }
    }

    /** Returns float32 GEMM throughput in FLOP/s of {@code [n, n] x [n, n]}, median of {@code runs}. */
    public static double gemmFlops(int n, int runs) {
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
            out.mul_(new Scalar(1.0));
            return 2.0 * n * n * n / median(seconds);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
