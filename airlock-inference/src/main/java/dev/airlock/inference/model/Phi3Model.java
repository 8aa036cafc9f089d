package dev.airlock.inference.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import dev.airlock.inference.checkpoint.Phi3Config;
import dev.airlock.inference.checkpoint.Phi3Linear;
import dev.airlock.inference.checkpoint.SafetensorsCheckpoint;
import dev.airlock.inference.checkpoint.TensorEntry;
import dev.airlock.inference.checkpoint.TensorSource;
import dev.airlock.inference.kvcache.KvCache;
import dev.airlock.inference.lora.LoraAdapter;
import dev.airlock.inference.torch.Placement;
import dev.airlock.inference.torch.StepScope;
import dev.airlock.inference.torch.TorchRuntime;
import dev.airlock.inference.torch.TorchTensor;

/**
 * A Phi-3 causal LM (the Phi-4-mini architecture) on libtorch, in float32 or bfloat16 on the CPU
 * or a CUDA device ({@link EngineOptions}); logits always come back as float32 on the heap.
 *
 * <p>Thread-safety: forwards are serialized by a lock, but the model is meant to be driven from
 * one engine thread (libtorch calls pin their carrier; run them on a platform thread). Sequences
 * and adapters belong to the model that created them. {@link #close()} frees the weights; close
 * sequences and adapters first.
 */
public final class Phi3Model implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(Phi3Model.class.getName());
    private static final String EMBED_TOKENS = "model.embed_tokens.weight";
    private static final String FINAL_NORM = "model.norm.weight";
    private static final String LM_HEAD = "lm_head.weight";

    private final Path dir;
    private final Phi3Config config;
    private final Placement placement;
    private final RotaryEmbedding rope;
    private final TorchTensor embedTokens;
    private final TorchTensor finalNorm;
    private final TorchTensor lmHead;
    private final List<DecoderLayer> layers;
    private final List<TorchTensor> owned;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;

    private Phi3Model(Path dir, Phi3Config config, Placement placement, RotaryEmbedding rope,
            TorchTensor embedTokens, TorchTensor finalNorm, TorchTensor lmHead, List<DecoderLayer> layers,
            List<TorchTensor> owned) {
        this.dir = dir;
        this.config = config;
        this.placement = placement;
        this.rope = rope;
        this.embedTokens = embedTokens;
        this.finalNorm = finalNorm;
        this.lmHead = lmHead;
        this.layers = layers;
        this.owned = owned;
    }

    /**
     * Loads {@code config.json} (+ {@code generation_config.json}) and the safetensors weights of
     * {@code checkpointDir}, converted to the compute dtype (BF16 weights stay BF16 for bfloat16)
     * and moved to the device.
     *
     * @throws IllegalArgumentException naming the file and tensor when the checkpoint is malformed
     * @throws IllegalStateException when {@code cuda} is asked for and libtorch sees no CUDA device
     * @throws java.io.UncheckedIOException when a file cannot be read
     */
    public static Phi3Model load(Path checkpointDir, EngineOptions options) {
        long start = System.nanoTime();
        Phi3Config config = Phi3Config.load(checkpointDir);
        TorchRuntime.setThreads(options.threads());
        Placement placement = placementFor(options, checkpointDir);
        var owned = new ArrayList<TorchTensor>();
        try (var checkpoint = SafetensorsCheckpoint.open(checkpointDir); var scope = new StepScope()) {
            var loader = new WeightLoader(checkpoint, placement, owned, new LoadProgress(checkpointDir, checkpoint.totalBytes()));
            int hidden = config.hiddenSize();
            TorchTensor embed = loader.load(EMBED_TOKENS, config.vocabSize(), hidden);
            var rope = new RotaryEmbedding(config, placement);
            var layers = new ArrayList<DecoderLayer>();
            for (int i = 0; i < config.numHiddenLayers(); i++) {
                var projections = new TorchTensor[Phi3Linear.values().length];
                for (Phi3Linear kind : Phi3Linear.values()) {
                    projections[kind.ordinal()] = loader.load(kind.weightKey(i),
                            kind.outFeatures(config), kind.inFeatures(config));
                }
                layers.add(new DecoderLayer(i, config, rope,
                        loader.load("model.layers." + i + ".input_layernorm.weight", hidden),
                        loader.load("model.layers." + i + ".post_attention_layernorm.weight", hidden),
                        projections));
            }
            TorchTensor norm = loader.load(FINAL_NORM, hidden);
            TorchTensor head = config.tieWordEmbeddings() ? embed : loader.load(LM_HEAD, config.vocabSize(), hidden);
            var model = new Phi3Model(checkpointDir, config, placement, rope, embed, norm, head,
                    List.copyOf(layers), owned);
            LOGGER.log(System.Logger.Level.INFO, "Phi-3 model {0} loaded: {1,number,#} layers, vocab {2,number,#}, "
                    + "{3}, {4,number,#} threads, in {5,number,#} ms", checkpointDir, config.numHiddenLayers(),
                    config.vocabSize(), placement, TorchRuntime.threads(), (System.nanoTime() - start) / 1_000_000);
            return model;
        } catch (RuntimeException e) {
            owned.forEach(TorchTensor::close);
            throw e;
        }
    }

    private static Placement placementFor(EngineOptions options, Path checkpointDir) {
        if (options.cuda() && !TorchRuntime.cudaAvailable()) {
            throw new IllegalStateException("device cuda requested for " + checkpointDir + " but libtorch reports "
                    + "no CUDA device; build with -Pcuda and install CUDA 13.1 + cuDNN 9.19");
        }
        if (!options.cuda() && options.bfloat16()) {
            LOGGER.log(System.Logger.Level.WARNING, "dtype bfloat16 on the CPU for {0}: bf16 math is a slow scalar "
                    + "path on CPUs without AVX512_BF16; float32 is the CPU default", checkpointDir);
        }
        return options.placement();
    }

    /**
     * Loads named weights, checking shapes, and keeps them for {@link #close()}. Phi-4-multimodal
     * stores a base weight under {@code .base_layer.weight} beside its built-in vision and speech
     * LoRA tensors ({@code lora_A.vision} ...), which the text model does not read.
     */
    private record WeightLoader(TensorSource source, Placement placement, List<TorchTensor> owned,
            LoadProgress progress) {
        TorchTensor load(String name, long... shape) {
            TensorEntry entry = find(name);
            if (!Arrays.equals(entry.shape(), shape)) {
                throw new IllegalArgumentException("tensor '" + entry.name() + "' in " + entry.file() + " has shape "
                        + entry.shapeText() + "; config.json implies " + Arrays.toString(shape));
            }
            TorchTensor tensor = TorchTensor.load(source, entry, placement).retain();
            owned.add(tensor);
            progress.loaded(entry.sizeBytes());
            return tensor;
        }

        private TensorEntry find(String name) {
            if (name.endsWith(".weight")) {
                String base = name.substring(0, name.length() - ".weight".length()) + ".base_layer.weight";
                var multimodal = source.find(base);
                if (source.find(name).isEmpty() && multimodal.isPresent()) {
                    return multimodal.get();
                }
            }
            return source.require(name);
        }
    }

    /** Logs bytes and seconds while a checkpoint of more than 1 GiB loads, at most every tenth of it. */
    private static final class LoadProgress {
        private static final long LOGGED_ABOVE_BYTES = 1L << 30;

        private final Path dir;
        private final long totalBytes;
        private final long start = System.nanoTime();
        private long loadedBytes;
        private long nextLogBytes;

        LoadProgress(Path dir, long totalBytes) {
            this.dir = dir;
            this.totalBytes = totalBytes;
            this.nextLogBytes = totalBytes / 10;
        }

        void loaded(long bytes) {
            loadedBytes += bytes;
            if (totalBytes > LOGGED_ABOVE_BYTES && loadedBytes >= nextLogBytes) {
                nextLogBytes = loadedBytes + totalBytes / 10;
                LOGGER.log(System.Logger.Level.INFO, "loading {0}: {1,number,#} of {2,number,#} MB in {3,number,#.#} s",
                        dir, loadedBytes >> 20, totalBytes >> 20, (System.nanoTime() - start) / 1e9);
            }
        }
    }

    /** Returns the checkpoint's config. */
    public Phi3Config config() {
        return config;
    }

    /**
     * Returns the weight bytes one decode step reads: every layer, the final norm and the
     * {@code lm_head} (of the embedding only one row, which is left out).
     */
    public long decodeWeightBytes() {
        long bytes = finalNorm.nbytes() + lmHead.nbytes();
        for (DecoderLayer layer : layers) {
            bytes += layer.weightBytes();
        }
        return bytes;
    }

    /** Returns the checkpoint folder. */
    public Path dir() {
        return dir;
    }

    /**
     * Loads a PEFT LoRA adapter for this model; the caller closes it after the sequences using it.
     *
     * @throws IllegalArgumentException when the adapter does not fit this model
     */
    public LoraAdapter loadAdapter(Path adapterDir) {
        checkOpen();
        return LoraAdapter.load(adapterDir, config, placement);
    }

    /** Starts an empty sequence, with {@code adapter} (loaded by this model) or the base model when null. */
    public Sequence newSequence(LoraAdapter adapter) {
        checkOpen();
        if (adapter != null && adapter.baseConfig() != config) {
            throw new IllegalArgumentException("LoRA adapter " + adapter.dir() + " was loaded for another model; "
                    + "load it with this model's loadAdapter");
        }
        return new Sequence(this, adapter,
                new KvCache(config.numHiddenLayers(), config.numKeyValueHeads(), config.headDim(), placement));
    }

    /**
     * Runs one forward over several sequences at once (each may carry its own adapter and any
     * number of new tokens) and returns each entry's next-token logits, in order. Equivalent to
     * calling {@link Sequence#prefill(int[])} on each in turn.
     */
    public List<float[]> forward(List<BatchEntry> batch) {
        lock.lock();
        try {
            checkOpen();
            validate(batch);
            try (var scope = new StepScope()) {
                return run(batch);
            }
        } finally {
            lock.unlock();
        }
    }

    private void validate(List<BatchEntry> batch) {
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("batch must hold at least one entry");
        }
        var seen = new IdentityHashMap<Sequence, Boolean>();
        for (BatchEntry entry : batch) {
            Sequence s = entry.sequence();
            if (s.model() != this) {
                throw new IllegalArgumentException("sequence belongs to another model");
            }
            if (s.isClosed()) {
                throw new IllegalStateException("sequence is closed");
            }
            if (seen.put(s, Boolean.TRUE) != null) {
                throw new IllegalArgumentException("a sequence appears twice in one batch");
            }
            if (s.adapterOrNull() != null && s.adapterOrNull().isClosed()) {
                throw new IllegalStateException("LoRA adapter " + s.adapterOrNull().dir() + " is closed");
            }
            int[] tokens = entry.tokens();
            for (int id : tokens) {
                if (id < 0 || id >= config.vocabSize()) {
                    throw new IllegalArgumentException("token id " + id + " is outside the vocabulary 0.."
                            + (config.vocabSize() - 1));
                }
            }
        }
    }

    private List<float[]> run(List<BatchEntry> batch) {
        var segments = new ArrayList<Segment>(batch.size());
        var packed = new int[batch.stream().mapToInt(e -> e.sequence().length() + e.tokens().length).sum()];
        int rows = 0;
        for (BatchEntry entry : batch) {
            Segment segment = plan(entry, rows);
            int[] ids = concat(entry.sequence().tokensFrom(segment.past()), entry.tokens());
            System.arraycopy(ids, 0, packed, rows, ids.length);
            segments.add(segment);
            rows += ids.length;
        }

        TorchTensor ids = TorchTensor.ofIds(Arrays.copyOf(packed, rows)).to(placement);
        TorchTensor x = embedTokens.embedding(ids);                                         // [rows, hidden]
        for (DecoderLayer layer : layers) {
            x = layer.forward(x, segments);
        }
        int[] lastRows = segments.stream().mapToInt(s -> s.start() + s.length() - 1).toArray();
        TorchTensor last = x.indexSelect(0, TorchTensor.ofIds(lastRows).to(placement))
                .rmsNorm(finalNorm, config.rmsNormEps());
        float[] logits = last.linear(lmHead).toFloatArray();                                // [batch, vocab]

        var out = new ArrayList<float[]>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Segment s = segments.get(i);
            s.sequence().cache().advance(s.length());
            s.sequence().append(batch.get(i).tokens());
            int v = config.vocabSize();
            out.add(Arrays.copyOfRange(logits, i * v, (i + 1) * v));
        }
        return out;
    }

    /**
     * Decides which positions of a sequence this forward computes. Normally only the new tokens;
     * everything again when the cache is behind the sequence or when the sequence now crosses
     * {@code original_max_position_embeddings} (keys rotated with the short factors are invalid).
     */
    private Segment plan(BatchEntry entry, int start) {
        Sequence s = entry.sequence();
        int newTokens = entry.tokens().length;
        int lastPosition = s.length() + newTokens - 1;
        boolean longFactors = rope.usesLongFactors(lastPosition);
        if (longFactors != s.cacheUsesLongFactors()) {
            s.cache().clear();
            s.cacheUsesLongFactors(longFactors);
        }
        int past = s.cache().length();
        int length = s.length() - past + newTokens;
        s.cache().reserve(past + length);
        TorchTensor[] tables = rope.tables(past, length, longFactors);
        TorchTensor mask = null;
        if (past > 0 && length > 1) {
            boolean[] allowed = new boolean[length * (past + length)];
            for (int i = 0; i < length; i++) {
                Arrays.fill(allowed, i * (past + length), i * (past + length) + past + i + 1, true);
            }
            mask = TorchTensor.ofMask(allowed, length, past + length).to(placement);
        }
        return new Segment(s, start, length, past, tables[0], tables[1], mask, past == 0 && length > 1,
                s.adapterOrNull());
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("model " + dir + " is closed");
        }
    }

    /** Frees the weights; safe to call twice. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                owned.forEach(TorchTensor::close);
            }
        } finally {
            lock.unlock();
        }
    }
}
