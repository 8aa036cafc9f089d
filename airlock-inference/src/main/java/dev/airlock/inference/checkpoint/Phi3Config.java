package dev.airlock.inference.checkpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The Phi-3 architecture parameters of a checkpoint ({@code config.json}, plus the stop ids of
 * {@code generation_config.json}). Phi-4-mini uses this architecture.
 *
 * @param vocabSize rows of the embedding and of the logits
 * @param hiddenSize model width
 * @param intermediateSize MLP width (half of {@code gate_up_proj}'s rows)
 * @param numHiddenLayers decoder layers
 * @param numAttentionHeads query heads
 * @param numKeyValueHeads key/value heads (GQA)
 * @param headDim width of one head; {@code hidden_size / num_attention_heads} when absent
 * @param rotaryDim leading dims of each head that rotate: {@code int(headDim * partial_rotary_factor)}
 * @param ropeTheta rotary base
 * @param ropeScaling frequency scaling (plain RoPE when the config has none)
 * @param rmsNormEps RMSNorm epsilon
 * @param maxPositionEmbeddings longest context the config allows
 * @param tieWordEmbeddings whether the logits reuse {@code model.embed_tokens.weight}
 * @param eosTokenIds stop ids: config.json's, then generation_config.json's, without duplicates
 * @param torchDtype the dtype the checkpoint declares ({@code "bfloat16"}), informational
 */
public record Phi3Config(int vocabSize, int hiddenSize, int intermediateSize, int numHiddenLayers,
        int numAttentionHeads, int numKeyValueHeads, int headDim, int rotaryDim, double ropeTheta,
        RopeScaling ropeScaling, double rmsNormEps, int maxPositionEmbeddings, boolean tieWordEmbeddings,
        Set<Integer> eosTokenIds, String torchDtype) {
    /** The architecture name config.json must list (or {@link #MULTIMODAL_ARCHITECTURE}). */
    public static final String ARCHITECTURE = "Phi3ForCausalLM";
    /** Phi-4-multimodal: a Phi-3 text model whose checkpoint also holds vision and speech parts. */
    public static final String MULTIMODAL_ARCHITECTURE = "Phi4MMForCausalLM";

    public Phi3Config {
        eosTokenIds = Collections.unmodifiableSet(new LinkedHashSet<>(eosTokenIds));
        requirePositive("vocab_size", vocabSize);
        requirePositive("hidden_size", hiddenSize);
        requirePositive("intermediate_size", intermediateSize);
        requirePositive("num_hidden_layers", numHiddenLayers);
        requirePositive("num_attention_heads", numAttentionHeads);
        requirePositive("num_key_value_heads", numKeyValueHeads);
        requirePositive("head_dim", headDim);
        requirePositive("max_position_embeddings", maxPositionEmbeddings);
        if (numAttentionHeads % numKeyValueHeads != 0) {
            throw new IllegalArgumentException("num_attention_heads=" + numAttentionHeads
                    + " must be a multiple of num_key_value_heads=" + numKeyValueHeads);
        }
        if (rotaryDim <= 0 || rotaryDim > headDim || rotaryDim % 2 != 0) {
            throw new IllegalArgumentException("rotary dims int(head_dim * partial_rotary_factor)=" + rotaryDim
                    + " must be even and within 2.." + headDim);
        }
        if (ropeScaling.shortFactor().length != rotaryDim / 2) {
            throw new IllegalArgumentException("rope_scaling factors have " + ropeScaling.shortFactor().length
                    + " values; expected rotary dims / 2 = " + rotaryDim / 2);
        }
        if (!(rmsNormEps > 0)) {
            throw new IllegalArgumentException("rms_norm_eps must be positive, found " + rmsNormEps);
        }
    }

    private static void requirePositive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, found " + value);
        }
    }

    /** Query heads that share one key/value head. */
    public int kvGroupSize() {
        return numAttentionHeads / numKeyValueHeads;
    }

    /**
     * Reads {@code dir/config.json} and, when present, {@code dir/generation_config.json}.
     *
     * @throws IllegalArgumentException naming the file and field when the config is not a usable Phi-3 config
     * @throws java.io.UncheckedIOException when config.json is missing or unreadable
     */
    public static Phi3Config load(Path dir) {
        JsonDocument config = JsonDocument.read(dir.resolve("config.json"));
        Path generationFile = dir.resolve("generation_config.json");
        List<Integer> generationEos = Files.isRegularFile(generationFile)
                ? JsonDocument.read(generationFile).intOrIntList("eos_token_id")
                : List.of();
        return from(config, generationEos);
    }

    /** Builds the config from a parsed config.json and the generation config's eos ids. */
    public static Phi3Config from(JsonDocument config, List<Integer> generationEos) {
        List<String> architectures = config.stringList("architectures");
        if (!architectures.contains(ARCHITECTURE) && !architectures.contains(MULTIMODAL_ARCHITECTURE)) {
            throw new IllegalArgumentException(config.source() + ": field 'architectures' is " + architectures
                    + "; expected it to contain " + ARCHITECTURE + " or " + MULTIMODAL_ARCHITECTURE
                    + " (its text part)");
        }
        int hidden = config.requireInt("hidden_size");
        int heads = config.requireInt("num_attention_heads");
        if (!config.has("head_dim") && hidden % heads != 0) {
            throw new IllegalArgumentException(config.source() + ": hidden_size=" + hidden
                    + " is not a multiple of num_attention_heads=" + heads + " and head_dim is absent");
        }
        int headDim = config.optionalInt("head_dim").orElse(hidden / heads);
        double partial = config.optionalDouble("partial_rotary_factor").orElse(1.0);
        int rotaryDim = (int) (headDim * partial);
        int maxPositions = config.requireInt("max_position_embeddings");
        var eos = new LinkedHashSet<>(config.intOrIntList("eos_token_id"));
        eos.addAll(generationEos);
        return new Phi3Config(
                config.requireInt("vocab_size"),
                hidden,
                config.requireInt("intermediate_size"),
                config.requireInt("num_hidden_layers"),
                heads,
                config.optionalInt("num_key_value_heads").orElse(heads),
                headDim,
                rotaryDim,
                config.optionalDouble("rope_theta").orElse(10000.0),
                ropeScaling(config, rotaryDim / 2, maxPositions),
                config.optionalDouble("rms_norm_eps").orElse(1e-5),
                maxPositions,
                config.optionalBoolean("tie_word_embeddings").orElse(false),
                eos,
                config.optionalString("torch_dtype").orElse("float32"));
    }

    private static RopeScaling ropeScaling(JsonDocument config, int halfDim, int maxPositions) {
        var scaling = config.optionalObject("rope_scaling");
        if (scaling.isEmpty()) {
            return RopeScaling.none(halfDim, maxPositions);
        }
        JsonDocument rope = scaling.get();
        String type = rope.optionalString("rope_type").or(() -> rope.optionalString("type")).orElse("default");
        if (type.equals("default")) {
            return RopeScaling.none(halfDim, maxPositions);
        }
        if (!List.of("longrope", "su", "yarn").contains(type)) {
            throw new IllegalArgumentException(config.source() + ": rope_scaling type '" + type
                    + "' is not supported; expected default or longrope (su, yarn)");
        }
        double[] shortFactor = rope.doubleList("short_factor");
        double[] longFactor = rope.doubleList("long_factor");
        if (shortFactor.length != halfDim || longFactor.length != halfDim) {
            throw new IllegalArgumentException(config.source() + ": rope_scaling short_factor has "
                    + shortFactor.length + " and long_factor " + longFactor.length
                    + " values; expected rotary dims / 2 = " + halfDim);
        }
        // transformers: with original_max_position_embeddings, factor = max / original (a config 'factor' is ignored).
        var original = config.optionalInt("original_max_position_embeddings")
                .or(() -> rope.optionalInt("original_max_position_embeddings"));
        int originalMax = original.orElse(maxPositions);
        double factor = original.isPresent()
                ? (double) maxPositions / originalMax
                : rope.optionalDouble("factor").orElse(1.0);
        double attentionFactor = rope.optionalDouble("attention_factor")
                .orElse(factor <= 1.0 ? 1.0 : Math.sqrt(1 + Math.log(factor) / Math.log(originalMax)));
        return new RopeScaling("longrope", shortFactor, longFactor, originalMax, attentionFactor);
    }
}
