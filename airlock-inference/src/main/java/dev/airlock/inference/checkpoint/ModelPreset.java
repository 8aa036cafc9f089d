package dev.airlock.inference.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;

/**
 * The dimensions of a Phi-3 checkpoint to generate, as {@code config.json} spells them.
 *
 * @param name the model name, used as the adapter's {@code base_model_name_or_path}
 * @param vocabSize embedding rows
 * @param hiddenSize model width
 * @param intermediateSize MLP width
 * @param numHiddenLayers decoder layers
 * @param numAttentionHeads query heads; {@code hiddenSize} must be a multiple
 * @param numKeyValueHeads key/value heads; {@code numAttentionHeads} must be a multiple
 * @param partialRotaryFactor the share of each head's dims that rotate
 * @param ropeTheta rotary base
 * @param ropeScaling LongRoPE factors, null for plain RoPE
 * @param originalMaxPositionEmbeddings pretraining context; LongRoPE's short/long switch
 * @param maxPositionEmbeddings longest context
 * @param rmsNormEps RMSNorm epsilon
 * @param tieWordEmbeddings whether the logits reuse the embedding (no {@code lm_head.weight})
 * @param bosTokenId begin-of-text id
 * @param eosTokenId end-of-text id of config.json
 * @param padTokenId padding id
 * @param slidingWindow attention window, null for none
 */
public record ModelPreset(String name, int vocabSize, int hiddenSize, int intermediateSize, int numHiddenLayers,
        int numAttentionHeads, int numKeyValueHeads, double partialRotaryFactor, double ropeTheta,
        LongRope ropeScaling, int originalMaxPositionEmbeddings, int maxPositionEmbeddings, double rmsNormEps,
        boolean tieWordEmbeddings, int bosTokenId, int eosTokenId, int padTokenId, Integer slidingWindow) {
    /** Rows of Phi-4-mini's embedding; the tokenizer uses ids up to 200,028. */
    public static final int PHI4_VOCAB_SIZE = 200_064;

    // Phi-4-mini's long_factor (PHI4.md 1); the demo takes every fourth value.
    private static final double[] PHI4_LONG_FACTOR = {1, 1.118320672, 1.250641126, 1.398617824, 1.564103225,
        1.74916897, 1.956131817, 2.187582649, 2.446418898, 2.735880826, 3.059592084, 3.421605075, 3.826451687,
        4.279200023, 4.785517845, 5.351743533, 5.984965424, 6.693110555, 7.485043894, 8.370679318, 9.36110372,
        10.4687158, 11.70738129, 13.09260651, 14.64173252, 16.37415215, 18.31155283, 20.47818807, 22.90118105,
        25.61086418, 28.64115884, 32.03, 32.1, 32.13, 32.23, 32.6, 32.61, 32.64, 32.66, 32.7, 32.71, 32.93, 32.97,
        33.28, 33.49, 33.5, 44.16, 47.77};

    /**
     * LongRoPE factors ({@code rope_scaling} of type {@code longrope}).
     *
     * @param shortFactor divisors for contexts up to {@code original_max_position_embeddings}
     * @param longFactor divisors beyond it
     */
    public record LongRope(List<Double> shortFactor, List<Double> longFactor) {
        public LongRope {
            shortFactor = List.copyOf(shortFactor);
            longFactor = List.copyOf(longFactor);
        }
    }

    public ModelPreset {
        requirePositive("vocab_size", vocabSize);
        requirePositive("hidden_size", hiddenSize);
        requirePositive("intermediate_size", intermediateSize);
        requirePositive("num_hidden_layers", numHiddenLayers);
        requirePositive("num_attention_heads", numAttentionHeads);
        requirePositive("num_key_value_heads", numKeyValueHeads);
        if (hiddenSize % numAttentionHeads != 0) {
            throw new IllegalArgumentException("hidden_size=" + hiddenSize + " must be a multiple of"
                    + " num_attention_heads=" + numAttentionHeads);
        }
        if (numAttentionHeads % numKeyValueHeads != 0) {
            throw new IllegalArgumentException("num_attention_heads=" + numAttentionHeads
                    + " must be a multiple of num_key_value_heads=" + numKeyValueHeads);
        }
        int rotaryDims = (int) (hiddenSize / numAttentionHeads * partialRotaryFactor);
        if (rotaryDims <= 0 || rotaryDims % 2 != 0) {
            throw new IllegalArgumentException("rotary dims int(head_dim * partial_rotary_factor)=" + rotaryDims
                    + " must be even and positive");
        }
        if (ropeScaling != null && (ropeScaling.shortFactor().size() != rotaryDims / 2
                || ropeScaling.longFactor().size() != rotaryDims / 2)) {
            throw new IllegalArgumentException("rope_scaling factor lists have " + ropeScaling.shortFactor().size()
                    + " and " + ropeScaling.longFactor().size() + " values; expected rotary dims / 2 = "
                    + rotaryDims / 2);
        }
    }

    /**
     * The demo model: Phi-4-mini's vocabulary, rotary layout and LongRoPE, shrunk to width 128,
     * 2 layers, 4 query and 2 key/value heads of 32 dims, MLP 256.
     */
    public static ModelPreset demo() {
        int halfRotary = 12;
        List<Double> shortFactor = IntStream.range(0, halfRotary).mapToObj(i -> 1.0).toList();
        List<Double> longFactor = IntStream.range(0, halfRotary).mapToObj(i -> PHI4_LONG_FACTOR[4 * i]).toList();
        return new ModelPreset("phi-4-mini-demo", PHI4_VOCAB_SIZE, 128, 256, 2, 4, 2, 0.75, 10_000.0,
                new LongRope(shortFactor, longFactor), 4096, 131_072, 1e-5, true, 199_999, 199_999, 199_999,
                262_144);
    }

    /**
     * Reads a Phi-3 {@code config.json} (Phi-4-mini's, say); missing optional fields take
     * transformers' {@code Phi3Config} defaults.
     */
    public static ModelPreset fromConfig(Path file) {
        JsonDocument config = JsonDocument.read(file);
        LongRope rope = config.optionalObject("rope_scaling").map(ModelPreset::longRope).orElse(null);
        int maxPositions = config.optionalInt("max_position_embeddings").orElse(4096);
        Path folder = file.toAbsolutePath().getParent();
        String name = config.optionalString("_name_or_path")
                .orElse(folder.getFileName() == null ? "phi3" : folder.getFileName().toString());
        int numHeads = config.requireInt("num_attention_heads");
        return new ModelPreset(name,
                config.requireInt("vocab_size"),
                config.requireInt("hidden_size"),
                config.requireInt("intermediate_size"),
                config.requireInt("num_hidden_layers"),
                numHeads,
                config.optionalInt("num_key_value_heads").orElse(numHeads),
                config.optionalDouble("partial_rotary_factor").orElse(1.0),
                config.optionalDouble("rope_theta").orElse(10_000.0),
                rope,
                config.optionalInt("original_max_position_embeddings").orElse(maxPositions),
                maxPositions,
                config.optionalDouble("rms_norm_eps").orElse(1e-5),
                config.optionalBoolean("tie_word_embeddings").orElse(false),
                config.optionalInt("bos_token_id").orElse(1),
                config.intOrIntList("eos_token_id").stream().findFirst().orElse(32_000),
                config.optionalInt("pad_token_id").orElse(32_000),
                config.optionalInt("sliding_window").orElse(null));
    }

    private static LongRope longRope(JsonDocument scaling) {
        String type = scaling.optionalString("rope_type").or(() -> scaling.optionalString("type")).orElse("default");
        return switch (type) {
            case "default" -> null;
            case "longrope", "su", "yarn" -> new LongRope(boxed(scaling.doubleList("short_factor")),
                    boxed(scaling.doubleList("long_factor")));
            default -> throw new IllegalArgumentException(scaling.source() + ": rope_scaling type '" + type
                    + "' is not supported; expected default or longrope");
        };
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static void requirePositive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, found " + value);
        }
    }

    /** Returns this preset with {@code layers} decoder layers. */
    public ModelPreset withLayers(int layers) {
        return new ModelPreset(name, vocabSize, hiddenSize, intermediateSize, layers, numAttentionHeads,
                numKeyValueHeads, partialRotaryFactor, ropeTheta, ropeScaling, originalMaxPositionEmbeddings,
                maxPositionEmbeddings, rmsNormEps, tieWordEmbeddings, bosTokenId, eosTokenId, padTokenId,
                slidingWindow);
    }

    /** Returns the width of one attention head. */
    public int headDim() {
        return hiddenSize / numAttentionHeads;
    }

    /** Returns the rows of the fused {@code qkv_proj}: query, key and value heads. */
    public int qkvRows() {
        return (numAttentionHeads + 2 * numKeyValueHeads) * headDim();
    }

    /** Writes this preset as a Hugging Face {@code config.json} declaring {@code dtype}. */
    public void writeConfig(Path file, SafetensorsDtype dtype) {
        try (Writer out = Files.newBufferedWriter(file);
                JsonGenerator json = Json.createGeneratorFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true))
                        .createGenerator(out)) {
            json.writeStartObject();
            json.writeStartArray("architectures").write("Phi3ForCausalLM").writeEnd();
            json.write("model_type", "phi3")
                    .write("hidden_size", hiddenSize)
                    .write("intermediate_size", intermediateSize)
                    .write("num_hidden_layers", numHiddenLayers)
                    .write("num_attention_heads", numAttentionHeads)
                    .write("num_key_value_heads", numKeyValueHeads)
                    .write("partial_rotary_factor", partialRotaryFactor)
                    .write("rope_theta", ropeTheta);
            writeRopeScaling(json);
            json.write("original_max_position_embeddings", originalMaxPositionEmbeddings)
                    .write("max_position_embeddings", maxPositionEmbeddings)
                    .write("rms_norm_eps", rmsNormEps)
                    .write("vocab_size", vocabSize)
                    .write("tie_word_embeddings", tieWordEmbeddings)
                    .write("hidden_act", "silu")
                    .write("bos_token_id", bosTokenId)
                    .write("eos_token_id", eosTokenId)
                    .write("pad_token_id", padTokenId);
            if (slidingWindow == null) {
                json.writeNull("sliding_window");
            } else {
                json.write("sliding_window", slidingWindow);
            }
            json.write("torch_dtype", dtype == SafetensorsDtype.BF16 ? "bfloat16" : "float32")
                    .write("attention_bias", false)
                    .write("attention_dropout", 0.0)
                    .write("embd_pdrop", 0.0)
                    .write("resid_pdrop", 0.0)
                    .write("initializer_range", 0.02)
                    .write("use_cache", true)
                    .write("transformers_version", "4.45.0");
            json.writeEnd();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void writeRopeScaling(JsonGenerator json) {
        if (ropeScaling == null) {
            json.writeNull("rope_scaling");
            return;
        }
        json.writeStartObject("rope_scaling").write("type", "longrope");
        json.writeStartArray("short_factor");
        ropeScaling.shortFactor().forEach(json::write);
        json.writeEnd();
        json.writeStartArray("long_factor");
        ropeScaling.longFactor().forEach(json::write);
        json.writeEnd();
        json.writeEnd();
    }
}
