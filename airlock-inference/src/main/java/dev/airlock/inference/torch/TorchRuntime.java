package dev.airlock.inference.torch;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.global.torch;

/** Process-wide libtorch settings: loading the natives, the intra-op thread count, CUDA presence. */
public final class TorchRuntime {
    private static final System.Logger LOGGER = System.getLogger(TorchRuntime.class.getName());
    private static volatile boolean loaded;

    private TorchRuntime() {
    }

    /** Loads the libtorch natives once (a few seconds the first time). */
    public static void ensureLoaded() {
        if (!loaded) {
            synchronized (TorchRuntime.class) {
                if (!loaded) {
                    long start = System.nanoTime();
                    Loader.load(torch.class);
                    loaded = true;
                    LOGGER.log(System.Logger.Level.DEBUG, "libtorch loaded in {0,number,#} ms",
                            (System.nanoTime() - start) / 1_000_000);
                }
            }
        }
    }

    /**
     * Sets libtorch's intra-op threads for the whole process; {@code threads <= 0} keeps the default.
     * OpenBLAS reads its own thread count from {@code OPENBLAS_NUM_THREADS} at load.
     */
    public static void setThreads(int threads) {
        ensureLoaded();
        if (threads > 0) {
            torch.set_num_threads(threads);
        }
    }

    /** Returns libtorch's intra-op thread count. */
    public static int threads() {
        ensureLoaded();
        return torch.get_num_threads();
    }

    /** Returns whether libtorch sees a CUDA device (false on the CPU-only natives). */
    public static boolean cudaAvailable() {
        ensureLoaded();
        return torch.cuda_is_available();
    }

    /** Returns the resident memory of the process in bytes, as JavaCPP measures it (for leak checks). */
    public static long physicalBytes() {
        return org.bytedeco.javacpp.Pointer.physicalBytes();
    }
}
