package dev.airlock.inference.tokenizer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;

/**
 * Writes a Hugging Face {@code tokenizer.json} equivalent to Phi-4-mini's, rebuilt from the
 * o200k_base ranks (PHI4.md 3.3, 3.4): byte-level BPE with the 199,742 "old method" merges, the
 * o200k pre-tokenizer split, a byte-level decoder and the Phi-4 added tokens. The output is the
 * same bytes on every run.
 */
public final class Phi4TokenizerJson {
    /** The o200k_base pre-tokenizer regex (tiktoken {@code pat_str}). */
    public static final String PRE_TOKENIZER_PATTERN =
            "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+"
            + "(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
            + "|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*"
            + "(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
            + "|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    private static final System.Logger LOGGER = System.getLogger(Phi4TokenizerJson.class.getName());

    private Phi4TokenizerJson() {
    }

    /** Writes the tokenizer to {@code file}, replacing it; takes about a second. */
    public static void write(Path file) {
        long start = System.nanoTime();
        O200kRankTable ranks = O200kRankTable.load();
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16);
                JsonGenerator json = Json.createGenerator(out)) {
            json.writeStartObject();
            json.write("version", "1.0");
            json.writeNull("truncation");
            json.writeNull("padding");
            writeAddedTokens(json);
            json.writeNull("normalizer");
            writePreTokenizer(json);
            json.writeNull("post_processor");
            writeDecoder(json);
            writeModel(json, ranks);
            json.writeEnd();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        LOGGER.log(System.Logger.Level.DEBUG, "wrote {0} in {1,number,#} ms", file,
                (System.nanoTime() - start) / 1_000_000);
    }

    private static void writeAddedTokens(JsonGenerator json) {
        json.writeStartArray("added_tokens");
        for (Phi4Token token : Phi4Token.values()) {
            json.writeStartObject()
                    .write("id", token.id())
                    .write("content", token.content())
                    .write("single_word", false)
                    .write("lstrip", false)
                    .write("rstrip", false)
                    .write("normalized", false)
                    .write("special", token.special())
                    .writeEnd();
        }
        json.writeEnd();
    }

    private static void writePreTokenizer(JsonGenerator json) {
        json.writeStartObject("pre_tokenizer")
                .write("type", "Sequence")
                .writeStartArray("pretokenizers");
        json.writeStartObject()
                .write("type", "Split")
                .writeStartObject("pattern")
                .write("Regex", PRE_TOKENIZER_PATTERN)
                .writeEnd()
                .write("behavior", "Removed")
                .write("invert", true)
                .writeEnd();
        json.writeStartObject()
                .write("type", "ByteLevel")
                .write("add_prefix_space", false)
                .write("trim_offsets", true)
                .write("use_regex", false)
                .writeEnd();
        json.writeEnd().writeEnd();
    }

    private static void writeDecoder(JsonGenerator json) {
        json.writeStartObject("decoder")
                .write("type", "ByteLevel")
                .write("add_prefix_space", true)
                .write("trim_offsets", true)
                .write("use_regex", true)
                .writeEnd();
    }

    private static void writeModel(JsonGenerator json, O200kRankTable ranks) {
        json.writeStartObject("model")
                .write("type", "BPE")
                .writeNull("dropout")
                .writeNull("unk_token")
                .writeNull("continuing_subword_prefix")
                .writeNull("end_of_word_suffix")
                .write("fuse_unk", false)
                .write("byte_fallback", false)
                .write("ignore_merges", false);
        json.writeStartObject("vocab");
        for (int rank = 0; rank < ranks.size(); rank++) {
            json.write(ByteLevelAlphabet.encode(ranks.bytes(rank)), rank);
        }
        for (Phi4Token token : Phi4Token.values()) {
            json.write(token.content(), token.id());
        }
        json.writeEnd();
        json.writeStartArray("merges");
        int merges = 0;
        for (int rank = 0; rank < ranks.size(); rank++) {
            byte[] bytes = ranks.bytes(rank);
            int split = ranks.mergeSplit(rank);
            if (split > 0) {
                json.write(ByteLevelAlphabet.encode(Arrays.copyOfRange(bytes, 0, split)) + " "
                        + ByteLevelAlphabet.encode(Arrays.copyOfRange(bytes, split, bytes.length)));
                merges++;
            } else if (bytes.length > 1) {
                throw new IllegalStateException("o200k_base token of rank " + rank
                        + " does not reduce to one merge pair; the rank table is not o200k_base");
            }
        }
        json.writeEnd();
        json.writeEnd();
        LOGGER.log(System.Logger.Level.DEBUG, "tokenizer has {0,number,#} merges", merges);
    }
}
