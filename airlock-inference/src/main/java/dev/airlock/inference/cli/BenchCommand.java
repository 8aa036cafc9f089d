package dev.airlock.inference.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import jakarta.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import dev.airlock.inference.checkpoint.ModelPreset;
import dev.airlock.inference.checkpoint.Phi3Config;
import dev.airlock.inference.checkpoint.RandomCheckpoint;
import dev.airlock.inference.checkpoint.RandomCheckpointOptions;
import dev.airlock.inference.checkpoint.SafetensorsDtype;
import dev.airlock.inference.model.EngineOptions;
import dev.airlock.inference.model.Phi3Model;
import dev.airlock.inference.model.Sequence;
import dev.airlock.inference.sampling.Sampler;
import dev.airlock.inference.torch.Roofline;
import dev.airlock.inference.torch.TorchRuntime;

/**
 * Measures prefill and batch-1 decode speed of a Phi-3 checkpoint (by default a random one shaped
 * like Phi-4-mini with 2 layers) against the same run's read bandwidth and GEMM peak (issue #3).
 * Figures are medians of the timed runs; "best/best" divides the fastest run by the fastest
 * roofline run, which is steadier on a shared machine. Prints a readable report, then one JSON line.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark prefill and decode against this machine's memory bandwidth and GEMM peak.")
public final class BenchCommand implements Callable<Integer> {
    private static final String PHI4_CONFIG_RESOURCE = "/phi-4-mini-instruct.config.json";
    private static final String COMPLETE_MARKER = ".bench-complete";
    private static final int GEMM_SIZE = 2048;
    private static final double DECODE_TARGET = 0.8;
    private static final double PREFILL_TARGET = 0.6;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", description = "checkpoint folder; default: a generated Phi-4-mini-shaped one")
    Path model;

    @Option(names = "--work", description = "folder for the generated checkpoint (reused when complete); "
            + "default: $AIRLOCK_CACHE/bench or ~/.cache/airlock/bench")
    Path work;

    @Option(names = "--layers", defaultValue = "2", description = "layers of the generated checkpoint")
    int layers;

    @Option(names = "--checkpoint-dtype", defaultValue = "bf16",
            description = "storage dtype of the generated checkpoint: f32 or bf16 (default ${DEFAULT-VALUE})")
    String checkpointDtype;

    @Option(names = "--dtype", defaultValue = "float32", description = "compute dtype (default ${DEFAULT-VALUE})")
    String dtype;

    @Option(names = "--threads", defaultValue = "0", description = "libtorch threads; 0 keeps the default")
    int threads;

    @Option(names = "--prompt-tokens", defaultValue = "512", description = "prefill length")
    int promptTokens;

    @Option(names = "--decode-tokens", defaultValue = "32", description = "tokens decoded at batch 1")
    int decodeTokens;

    @Option(names = "--runs", defaultValue = "3", description = "timed prefill runs and roofline runs")
    int runs;

    @Option(names = "--bandwidth-mib", defaultValue = "1024", description = "fp32 bytes summed (MiB, >= 1024)")
    int bandwidthMib;

    @Override
    public Integer call() {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        Path dir = model != null ? model : generated(out);

        long loadStart = System.nanoTime();
        try (Phi3Model phi3 = Phi3Model.load(dir, new EngineOptions("cpu", dtype, threads))) {
            double loadSeconds = seconds(loadStart);
            Phi3Config config = phi3.config();
            long weightBytes = phi3.decodeWeightBytes();
            out.printf(Locale.ROOT, "model     %s: %d layers, vocab %d, hidden %d; %.2f GB read per decode step;"
                    + " loaded in %.2f s%n", dir, config.numHiddenLayers(), config.vocabSize(), config.hiddenSize(),
                    weightBytes / 1e9, loadSeconds);
            out.flush();

            int rooflineRuns = Math.max(runs, 5);
            long readBytes = (long) bandwidthMib << 20;
            double[] read = Roofline.readSeconds(readBytes, rooflineRuns);
            double[] gemmRuns = Roofline.gemmSeconds(GEMM_SIZE, rooflineRuns);
            double gemmFlop = 2.0 * GEMM_SIZE * GEMM_SIZE * GEMM_SIZE;
            double bandwidth = readBytes / median(read);
            double gemm = gemmFlop / median(gemmRuns);
            out.printf(Locale.ROOT, "machine   read %.1f GB/s (best %.1f; sum over %d MiB fp32); GEMM %d^3 fp32"
                    + " %.1f GFLOP/s (best %.1f); %d threads%n", bandwidth / 1e9, readBytes / min(read) / 1e9,
                    bandwidthMib, GEMM_SIZE, gemm / 1e9, gemmFlop / min(gemmRuns) / 1e9, TorchRuntime.threads());
            out.flush();

            double[] prefill = prefillSeconds(phi3);
            double flops = prefillFlops(config, promptTokens);
            double prefillRatio = flops / median(prefill) / gemm;
            double prefillBest = flops / min(prefill) / (gemmFlop / min(gemmRuns));
            out.printf(Locale.ROOT, "prefill   %d tokens in %.3f s (%s): %.0f tok/s, %.1f GFLOP/s"
                    + " = %.2f of GEMM peak (best/best %.2f; target %.1f)%n", promptTokens, median(prefill),
                    range(prefill), promptTokens / median(prefill), flops / median(prefill) / 1e9, prefillRatio,
                    prefillBest, PREFILL_TARGET);
            out.flush();

            double[] decode = decodeSeconds(phi3);
            double decodeRatio = weightBytes / median(decode) / bandwidth;
            double decodeBest = weightBytes / min(decode) / (readBytes / min(read));
            out.printf(Locale.ROOT, "decode    batch 1, %d tokens: %.1f ms/token (%s): %.2f tok/s, %.1f GB/s"
                    + " = %.2f of read bandwidth (best/best %.2f; target %.1f)%n", decode.length,
                    median(decode) * 1e3, rangeMillis(decode), 1 / median(decode),
                    weightBytes / median(decode) / 1e9, decodeRatio, decodeBest, DECODE_TARGET);
            out.println(Json.createObjectBuilder()
                    .add("model", dir.toString())
                    .add("layers", config.numHiddenLayers())
                    .add("threads", TorchRuntime.threads())
                    .add("load_seconds", round(loadSeconds))
                    .add("read_bandwidth_gbps", round(bandwidth / 1e9))
                    .add("gemm_gflops", round(gemm / 1e9))
                    .add("prefill_tokens", promptTokens)
                    .add("prefill_seconds", round(median(prefill)))
                    .add("prefill_tokens_per_second", round(promptTokens / median(prefill)))
                    .add("prefill_gflops", round(flops / median(prefill) / 1e9))
                    .add("prefill_to_gemm_peak", round(prefillRatio))
                    .add("prefill_to_gemm_peak_best", round(prefillBest))
                    .add("decode_weight_bytes", weightBytes)
                    .add("decode_tokens_per_second", round(1 / median(decode)))
                    .add("decode_to_bandwidth", round(decodeRatio))
                    .add("decode_to_bandwidth_best", round(decodeBest))
                    .build());
            out.flush();
        }
        return 0;
    }

    private void validate() {
        if (promptTokens < 2 || decodeTokens < 2 || runs < 1 || layers < 1) {
            throw new ParameterException(spec.commandLine(), "--prompt-tokens and --decode-tokens must be at least 2,"
                    + " --runs and --layers at least 1");
        }
        if (bandwidthMib < 1024) {
            throw new ParameterException(spec.commandLine(), "--bandwidth-mib must be at least 1024 (caches), found "
                    + bandwidthMib);
        }
    }

    /** Writes the Phi-4-mini-shaped checkpoint once; later runs reuse it. */
    private Path generated(PrintWriter out) {
        SafetensorsDtype storage = switch (checkpointDtype) {
            case "f32" -> SafetensorsDtype.F32;
            case "bf16" -> SafetensorsDtype.BF16;
            default -> throw new ParameterException(spec.commandLine(), "--checkpoint-dtype must be f32 or bf16,"
                    + " found '" + checkpointDtype + "'");
        };
        Path root = work != null ? work : defaultWork();
        Path dir = root.resolve("phi-4-mini-" + layers + "l-" + checkpointDtype);
        if (Files.isRegularFile(dir.resolve(COMPLETE_MARKER))) {
            return dir;
        }
        out.printf(Locale.ROOT, "writing   a random Phi-4-mini-shaped checkpoint with %d layers to %s"
                + " (once; takes a minute)%n", layers, dir);
        out.flush();
        try {
            Files.createDirectories(dir);
            Path config = dir.resolve("source-config.json");
            try (InputStream in = BenchCommand.class.getResourceAsStream(PHI4_CONFIG_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + PHI4_CONFIG_RESOURCE + " is missing from the jar");
                }
                Files.copy(in, config, StandardCopyOption.REPLACE_EXISTING);
            }
            ModelPreset preset = ModelPreset.fromConfig(config).withLayers(layers);
            RandomCheckpoint.write(dir, preset, new RandomCheckpointOptions(0, storage, 0));
            Files.writeString(dir.resolve(COMPLETE_MARKER), preset.name() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bench checkpoint to " + dir, e);
        }
        return dir;
    }

    private static Path defaultWork() {
        String cache = System.getenv("AIRLOCK_CACHE");
        Path base = cache != null && !cache.isBlank()
                ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache", "airlock");
        return base.resolve("bench");
    }

    private double[] prefillSeconds(Phi3Model phi3) {
        int[] prompt = randomTokens(phi3.config(), promptTokens, 1);
        try (Sequence warmup = phi3.newSequence(null)) {
            warmup.prefill(Arrays.copyOf(prompt, Math.min(64, prompt.length)));
        }
        double[] seconds = new double[runs];
        for (int i = 0; i < runs; i++) {
            try (Sequence sequence = phi3.newSequence(null)) {
                long start = System.nanoTime();
                sequence.prefill(prompt);
                seconds[i] = seconds(start);
            }
        }
        return seconds;
    }

    /** Per-token seconds of greedy decoding after a short prompt; the first step is a warm-up. */
    private double[] decodeSeconds(Phi3Model phi3) {
        double[] seconds = new double[decodeTokens];
        try (Sequence sequence = phi3.newSequence(null)) {
            float[] logits = sequence.prefill(randomTokens(phi3.config(), 16, 2));
            int token = Sampler.argmax(logits);
            sequence.decode(token);
            for (int i = 0; i < decodeTokens; i++) {
                long start = System.nanoTime();
                logits = sequence.decode(token);
                seconds[i] = seconds(start);
                token = Sampler.argmax(logits);
            }
        }
        return seconds;
    }

    private static int[] randomTokens(Phi3Config config, int n, long seed) {
        var random = new SplittableRandom(seed);
        int bound = Math.min(config.vocabSize(), 199_998);
        return random.ints(n, 0, bound).toArray();
    }

    /**
     * Useful FLOPs of a prefill: 2 per weight per token for every layer's projections, causal
     * attention (q·kᵀ and p·v over the lower triangle), and {@code lm_head} for the last row only.
     */
    static double prefillFlops(Phi3Config config, int tokens) {
        double h = config.hiddenSize();
        double headsDim = (double) config.numAttentionHeads() * config.headDim();
        double qkv = (config.numAttentionHeads() + 2.0 * config.numKeyValueHeads()) * config.headDim();
        double perToken = qkv * h + headsDim * h + 2.0 * config.intermediateSize() * h
                + config.intermediateSize() * h;
        double attention = 2.0 * headsDim * tokens * (tokens + 1.0);
        return config.numHiddenLayers() * (2.0 * perToken * tokens + attention)
                + 2.0 * config.vocabSize() * h;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }

    private static String range(double[] values) {
        return String.format(Locale.ROOT, "%.3f..%.3f s", Arrays.stream(values).min().orElse(0),
                Arrays.stream(values).max().orElse(0));
    }

    private static String rangeMillis(double[] values) {
        return String.format(Locale.ROOT, "%.1f..%.1f ms", Arrays.stream(values).min().orElse(0) * 1e3,
                Arrays.stream(values).max().orElse(0) * 1e3);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
