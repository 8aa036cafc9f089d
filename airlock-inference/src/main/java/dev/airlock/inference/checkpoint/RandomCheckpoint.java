package dev.airlock.inference.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;

import dev.airlock.inference.chat.ChatTemplate;
import dev.airlock.inference.checkpoint.SafetensorsWriter.Tensor;
import dev.airlock.inference.tokenizer.Phi4Token;
import dev.airlock.inference.tokenizer.Phi4TokenizerJson;

/**
 * Writes a random-weight Phi-3 checkpoint in the Hugging Face layout: {@code config.json},
 * {@code model.safetensors}, the built-in Phi-4 {@code tokenizer.json}, {@code tokenizer_config.json}
 * with the Phi-4 chat template, {@code generation_config.json}, and optionally a PEFT adapter in
 * {@code adapter/}. The same preset and options give the same bytes on every run.
 */
public final class RandomCheckpoint {
    /** The folder under the checkpoint that holds the adapter. */
    public static final String ADAPTER_FOLDER = "adapter";

    private static final System.Logger LOGGER = System.getLogger(RandomCheckpoint.class.getName());
    // transformers' initializer_range; keeps random logits small and finite.
    private static final double WEIGHT_STD = 0.02;
    // At 0.02 attention is near uniform and the tied embedding of the last input token dominates the
    // residual, so greedy decoding echoes it (<|assistant|> forever: no text). 0.2 makes varied text.
    private static final double QKV_STD = 0.2;
    private static final Map<String, String> METADATA = Map.of("format", "pt");
    private static final Map<String, Boolean> JSON_PRETTY = Map.of(JsonGenerator.PRETTY_PRINTING, true);

    private RandomCheckpoint() {
    }

    /**
     * Writes the checkpoint into {@code dir}, creating it and replacing files of the same names.
     *
     * @throws UncheckedIOException naming the file that could not be written
     */
    public static void write(Path dir, ModelPreset preset, RandomCheckpointOptions options) {
        long start = System.nanoTime();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        if (preset.vocabSize() <= Phi4Token.TAG.id()) {
            LOGGER.log(System.Logger.Level.WARNING, "vocab_size {0,number,#} of {1} is smaller than the Phi-4"
                    + " tokenizer''s ids; prompts will hold ids the model has no row for", preset.vocabSize(),
                    preset.name());
        }
        preset.writeConfig(dir.resolve("config.json"), options.dtype());
        SafetensorsWriter.write(dir.resolve("model.safetensors"), modelTensors(preset, options), METADATA);
        Phi4TokenizerJson.write(dir.resolve("tokenizer.json"));
        writeTokenizerConfig(dir.resolve(ChatTemplate.CONFIG_FILE), preset);
        writeGenerationConfig(dir.resolve("generation_config.json"), preset);
        if (options.loraRank() > 0) {
            writeAdapter(dir.resolve(ADAPTER_FOLDER), preset, options.loraRank(), options.seed(), options.dtype());
        }
        LOGGER.log(System.Logger.Level.INFO, "random checkpoint {0} written to {1} in {2,number,#} ms",
                preset.name(), dir, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Writes a PEFT LoRA adapter for {@code preset} on qkv_proj, o_proj, gate_up_proj and down_proj
     * of every layer, with {@code lora_alpha = 2 r}. Both A and B are random and non-zero (unlike
     * PEFT's init, where B is zero), so the adapter changes the model's output.
     */
    public static void writeAdapter(Path dir, ModelPreset preset, int rank, long seed, SafetensorsDtype dtype) {
        if (rank <= 0) {
            throw new IllegalArgumentException("LoRA rank must be positive, found " + rank);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        writeAdapterConfig(dir.resolve("adapter_config.json"), preset, rank);
        var tensors = new ArrayList<Tensor>();
        int h = preset.hiddenSize();
        for (int i = 0; i < preset.numHiddenLayers(); i++) {
            String layer = "base_model.model.model.layers." + i + ".";
            addLora(tensors, layer + "self_attn.qkv_proj", rank, h, preset.qkvRows(), seed, dtype);
            addLora(tensors, layer + "self_attn.o_proj", rank, h, h, seed, dtype);
            addLora(tensors, layer + "mlp.gate_up_proj", rank, h, 2 * preset.intermediateSize(), seed, dtype);
            addLora(tensors, layer + "mlp.down_proj", rank, preset.intermediateSize(), h, seed, dtype);
        }
        SafetensorsWriter.write(dir.resolve("adapter_model.safetensors"), tensors, METADATA);
    }

    private static List<Tensor> modelTensors(ModelPreset preset, RandomCheckpointOptions options) {
        long seed = options.seed();
        SafetensorsDtype dtype = options.dtype();
        int h = preset.hiddenSize();
        int mlp = preset.intermediateSize();
        var tensors = new ArrayList<Tensor>();
        tensors.add(gaussian("model.embed_tokens.weight", dtype, seed, WEIGHT_STD, preset.vocabSize(), h));
        for (int i = 0; i < preset.numHiddenLayers(); i++) {
            String layer = "model.layers." + i + ".";
            tensors.add(ones(layer + "input_layernorm.weight", dtype, h));
            tensors.add(gaussian(layer + "self_attn.qkv_proj.weight", dtype, seed, QKV_STD, preset.qkvRows(), h));
            tensors.add(gaussian(layer + "self_attn.o_proj.weight", dtype, seed, WEIGHT_STD, h, h));
            tensors.add(ones(layer + "post_attention_layernorm.weight", dtype, h));
            tensors.add(gaussian(layer + "mlp.gate_up_proj.weight", dtype, seed, WEIGHT_STD, 2 * mlp, h));
            tensors.add(gaussian(layer + "mlp.down_proj.weight", dtype, seed, WEIGHT_STD, h, mlp));
        }
        tensors.add(ones("model.norm.weight", dtype, h));
        if (!preset.tieWordEmbeddings()) {
            tensors.add(gaussian("lm_head.weight", dtype, seed, WEIGHT_STD, preset.vocabSize(), h));
        }
        return tensors;
    }

    private static void addLora(List<Tensor> tensors, String module, int rank, int in, int out, long seed,
            SafetensorsDtype dtype) {
        // A at 1/sqrt(in) keeps A·x near unit scale; B at 0.02 makes the update comparable to W·x.
        tensors.add(gaussian(module + ".lora_A.weight", dtype, seed, 1.0 / Math.sqrt(in), rank, in));
        tensors.add(gaussian(module + ".lora_B.weight", dtype, seed, WEIGHT_STD, out, rank));
    }

    private static Tensor gaussian(String name, SafetensorsDtype dtype, long seed, double std, long... shape) {
        var values = new GaussianValues(seed, name, std);
        return new Tensor(name, dtype, shape, values::next);
    }

    private static Tensor ones(String name, SafetensorsDtype dtype, long... shape) {
        return new Tensor(name, dtype, shape, () -> 1.0f);
    }

    private static void writeTokenizerConfig(Path file, ModelPreset preset) {
        String eos = Phi4Token.ENDOFTEXT.content();
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                JsonGenerator json = Json.createGeneratorFactory(JSON_PRETTY).createGenerator(out)) {
            json.writeStartObject()
                    .write("add_bos_token", false)
                    .write("add_eos_token", false)
                    .write("add_prefix_space", false);
            json.writeStartObject("added_tokens_decoder");
            for (Phi4Token token : Phi4Token.values()) {
                json.writeStartObject(Integer.toString(token.id()))
                        .write("content", token.content())
                        .write("lstrip", false)
                        .write("normalized", false)
                        .write("rstrip", false)
                        .write("single_word", false)
                        .write("special", token.special())
                        .writeEnd();
            }
            json.writeEnd();
            json.write("bos_token", eos)
                    .write("chat_template", ChatTemplate.PHI4_JINJA)
                    .write("clean_up_tokenization_spaces", false)
                    .write("eos_token", eos)
                    .write("model_max_length", preset.maxPositionEmbeddings())
                    .write("pad_token", eos)
                    .write("tokenizer_class", "GPT2Tokenizer")
                    .write("unk_token", eos)
                    .writeEnd();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void writeGenerationConfig(Path file, ModelPreset preset) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                JsonGenerator json = Json.createGeneratorFactory(JSON_PRETTY).createGenerator(out)) {
            json.writeStartObject()
                    .write("_from_model_config", true)
                    .write("bos_token_id", preset.bosTokenId());
            json.writeStartArray("eos_token_id").write(Phi4Token.END.id()).write(preset.eosTokenId()).writeEnd();
            json.write("pad_token_id", preset.padTokenId())
                    .write("transformers_version", "4.45.0")
                    .writeEnd();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void writeAdapterConfig(Path file, ModelPreset preset, int rank) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                JsonGenerator json = Json.createGeneratorFactory(JSON_PRETTY).createGenerator(out)) {
            json.writeStartObject()
                    .writeNull("auto_mapping")
                    .write("base_model_name_or_path", preset.name())
                    .write("bias", "none")
                    .write("fan_in_fan_out", false)
                    .write("inference_mode", true)
                    .write("init_lora_weights", true)
                    .writeNull("layers_pattern")
                    .writeNull("layers_to_transform")
                    .write("lora_alpha", 2 * rank)
                    .write("lora_dropout", 0.0)
                    .writeNull("modules_to_save")
                    .write("peft_type", "LORA")
                    .write("r", rank)
                    .writeNull("revision");
            json.writeStartArray("target_modules")
                    .write("qkv_proj")
                    .write("o_proj")
                    .write("gate_up_proj")
                    .write("down_proj")
                    .writeEnd();
            json.write("task_type", "CAUSAL_LM")
                    .write("use_dora", false)
                    .write("use_rslora", false)
                    .writeEnd();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Normal values from SplitMix64 through Box-Muller with StrictMath, so the bytes do not depend on
     * the JDK or the CPU. Each tensor's stream is seeded by the checkpoint seed and its name, so a
     * tensor's values do not depend on which other tensors exist.
     */
    private static final class GaussianValues {
        private final double std;
        private long state;
        private double spare;
        private boolean hasSpare;

        GaussianValues(long seed, String name, double std) {
            this.std = std;
            long hash = 0xcbf29ce484222325L;
            for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
                hash = (hash ^ (b & 0xFF)) * 0x100000001b3L;
            }
            this.state = seed ^ hash;
        }

        float next() {
            if (hasSpare) {
                hasSpare = false;
                return (float) (spare * std);
            }
            // u1 in (0, 1] so the log is finite; u2 in [0, 1).
            double u1 = ((nextLong() >>> 11) + 1) * 0x1.0p-53;
            double u2 = (nextLong() >>> 11) * 0x1.0p-53;
            double radius = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
            double angle = 2.0 * Math.PI * u2;
            spare = radius * StrictMath.sin(angle);
            hasSpare = true;
            return (float) (radius * StrictMath.cos(angle) * std);
        }

        private long nextLong() {
            long z = (state += 0x9e3779b97f4a7c15L);
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return z ^ (z >>> 31);
        }
    }
}
