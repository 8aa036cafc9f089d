package dev.airlock.inference.lora;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.airlock.inference.checkpoint.Phi3Config;
import dev.airlock.inference.checkpoint.Phi3Linear;
import dev.airlock.inference.checkpoint.SafetensorsReader;
import dev.airlock.inference.checkpoint.TensorEntry;
import dev.airlock.inference.torch.Placement;
import dev.airlock.inference.torch.StepScope;
import dev.airlock.inference.torch.TorchTensor;

/**
 * A loaded PEFT LoRA adapter for one base model: the A/B pairs of the linear layers it targets.
 * Immutable after loading; it may be shared by sequences of the model it was loaded for, on the
 * model's engine thread. {@link #close()} frees the tensors; safe to call twice.
 */
public final class LoraAdapter implements AutoCloseable {
    /** The weights file PEFT writes. */
    public static final String WEIGHTS_FILE = "adapter_model.safetensors";
    private static final String PEFT_PREFIX = "base_model.model.";
    private static final Pattern KEY = Pattern.compile("(.+)\\.(lora_A|lora_B)\\.weight");
    private static final Pattern LAYER_MODULE = Pattern.compile("model\\.layers\\.(\\d+)\\.(.+)");
    private static final System.Logger LOGGER = System.getLogger(LoraAdapter.class.getName());

    private final Path dir;
    private final Phi3Config baseConfig;
    private final LoraConfig config;
    private final LoraModule[][] modules; // [layer][Phi3Linear.ordinal()], null where not adapted
    private final int moduleCount;
    private boolean closed;

    private LoraAdapter(Path dir, Phi3Config baseConfig, LoraConfig config, LoraModule[][] modules, int moduleCount) {
        this.dir = dir;
        this.baseConfig = baseConfig;
        this.config = config;
        this.modules = modules;
        this.moduleCount = moduleCount;
    }

    /**
     * Loads the adapter in {@code dir} for a base model with {@code baseConfig}, checking every
     * tensor's shape against the base layers.
     *
     * @throws IllegalArgumentException naming the file and tensor when the adapter does not fit the base model
     */
    public static LoraAdapter load(Path dir, Phi3Config baseConfig) {
        return load(dir, baseConfig, Placement.CPU_FLOAT32);
    }

    /** Loads the adapter as {@link #load(Path, Phi3Config)} does, its tensors in the base model's {@code placement}. */
    public static LoraAdapter load(Path dir, Phi3Config baseConfig, Placement placement) {
        LoraConfig config = LoraConfig.load(dir);
        Path weights = dir.resolve(WEIGHTS_FILE);
        if (!Files.isRegularFile(weights)) {
            throw new IllegalArgumentException("adapter folder " + dir + " has no " + WEIGHTS_FILE
                    + (Files.exists(dir.resolve("adapter_model.bin")) ? "; adapter_model.bin is not supported" : ""));
        }
        long start = System.nanoTime();
        try (var reader = SafetensorsReader.open(weights)) {
            var pairs = pairUp(reader);
            var modules = new LoraModule[baseConfig.numHiddenLayers()][Phi3Linear.values().length];
            try (var scope = new StepScope()) {
                for (var e : pairs.entrySet()) {
                    place(modules, e.getKey(), e.getValue(), reader, config, baseConfig, placement);
                }
            } catch (RuntimeException e) {
                Arrays.stream(modules).flatMap(Arrays::stream).filter(m -> m != null).forEach(LoraModule::close);
                throw e;
            }
            var adapter = new LoraAdapter(dir, baseConfig, config, modules, pairs.size());
            LOGGER.log(System.Logger.Level.INFO, "LoRA adapter {0} loaded: {1,number,#} modules, r={2,number,#}, in {3,number,#} ms",
                    dir, pairs.size(), config.rank(), (System.nanoTime() - start) / 1_000_000);
            return adapter;
        }
    }

    private static Map<String, TensorEntry[]> pairUp(SafetensorsReader reader) {
        var pairs = new LinkedHashMap<String, TensorEntry[]>();
        for (TensorEntry entry : reader.entries()) {
            String key = entry.name().startsWith(PEFT_PREFIX) ? entry.name().substring(PEFT_PREFIX.length()) : entry.name();
            Matcher m = KEY.matcher(key);
            if (!m.matches()) {
                throw new IllegalArgumentException("adapter tensor '" + entry.name() + "' in " + reader.file()
                        + " is not a lora_A/lora_B weight; biases, DoRA and modules_to_save are not supported");
            }
            TensorEntry[] pair = pairs.computeIfAbsent(m.group(1), k -> new TensorEntry[2]);
            pair[m.group(2).equals("lora_A") ? 0 : 1] = entry;
        }
        for (var e : pairs.entrySet()) {
            if (e.getValue()[0] == null || e.getValue()[1] == null) {
                throw new IllegalArgumentException("adapter " + reader.file() + " has "
                        + (e.getValue()[0] == null ? "lora_B but no lora_A" : "lora_A but no lora_B")
                        + " for module " + e.getKey());
            }
        }
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("adapter " + reader.file() + " holds no LoRA tensors; expected "
                    + "lora_A/lora_B weights for target_modules");
        }
        return pairs;
    }

    private static void place(LoraModule[][] modules, String moduleName, TensorEntry[] pair, SafetensorsReader reader,
            LoraConfig config, Phi3Config base, Placement placement) {
        Matcher m = LAYER_MODULE.matcher(moduleName);
        Phi3Linear kind = null;
        int layer = -1;
        if (m.matches()) {
            layer = Integer.parseInt(m.group(1));
            kind = Arrays.stream(Phi3Linear.values())
                    .filter(k -> moduleName.equals(k.moduleName(Integer.parseInt(m.group(1)))))
                    .findFirst()
                    .orElse(null);
        }
        if (kind == null || layer >= base.numHiddenLayers()) {
            throw new IllegalArgumentException("adapter " + reader.file() + " adapts module '" + moduleName
                    + "'; expected model.layers.{0.." + (base.numHiddenLayers() - 1)
                    + "}.{self_attn.qkv_proj, self_attn.o_proj, mlp.gate_up_proj, mlp.down_proj}");
        }
        if (!config.targets(moduleName)) {
            LOGGER.log(System.Logger.Level.WARNING, "adapter {0} has weights for {1}, which target_modules does not "
                    + "name; applying them anyway", reader.file(), moduleName);
        }
        int r = config.rankOf(moduleName);
        checkShape(pair[0], new long[] {r, kind.inFeatures(base)}, "lora_A [r, in]");
        checkShape(pair[1], new long[] {kind.outFeatures(base), r}, "lora_B [out, r]");
        TorchTensor a = TorchTensor.load(reader, pair[0], placement).retain();
        TorchTensor b = TorchTensor.load(reader, pair[1], placement).retain();
        modules[layer][kind.ordinal()] = new LoraModule(a, b, config.scalingOf(moduleName));
    }

    private static void checkShape(TensorEntry entry, long[] expected, String what) {
        if (!Arrays.equals(entry.shape(), expected)) {
            throw new IllegalArgumentException("adapter tensor '" + entry.name() + "' in " + entry.file() + " has shape "
                    + entry.shapeText() + "; expected " + what + " = " + Arrays.toString(expected)
                    + " for this base model and r from adapter_config.json");
        }
    }

    /** Returns the folder the adapter was loaded from. */
    public Path dir() {
        return dir;
    }

    /** Returns the config of the base model this adapter was loaded for. */
    public Phi3Config baseConfig() {
        return baseConfig;
    }

    /** Returns the adapter's settings. */
    public LoraConfig config() {
        return config;
    }

    /** Returns how many linear layers the adapter changes. */
    public int moduleCount() {
        return moduleCount;
    }

    /** Returns the update for one linear layer, if the adapter changes it. */
    public Optional<LoraModule> find(Phi3Linear kind, int layer) {
        checkOpen();
        return Optional.ofNullable(modules[layer][kind.ordinal()]);
    }

    /** Returns whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("LoRA adapter " + dir + " is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Arrays.stream(modules).flatMap(Arrays::stream).filter(m -> m != null).forEach(LoraModule::close);
    }
}
