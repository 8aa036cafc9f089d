package dev.airlock.inference.tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

/**
 * A {@link Tokenizer} over a Hugging Face {@code tokenizer.json}, run by DJL's bundled Rust
 * tokenizers library: no truncation, no padding, no added BOS/EOS.
 */
public final class DjlTokenizer implements Tokenizer {
    static {
        // DJL calls home to the EC2 metadata address on the first newInstance unless told not to
        // (DEPENDENCIES.md 5); nothing but loopback may leave our processes.
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("ai.djl.offline", "true");
    }

    /** The file name inside a checkpoint folder. */
    public static final String FILE_NAME = "tokenizer.json";

    private static final System.Logger LOGGER = System.getLogger(DjlTokenizer.class.getName());
    private static final Map<String, String> OPTIONS =
            Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");

    private final HuggingFaceTokenizer tokenizer;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DjlTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** Loads {@code checkpoint/tokenizer.json}, or {@code checkpoint} itself when it is a file. */
    public static DjlTokenizer load(Path checkpoint) {
        Path file = Files.isDirectory(checkpoint) ? checkpoint.resolve(FILE_NAME) : checkpoint;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no tokenizer at " + file + "; expected a Hugging Face "
                    + FILE_NAME + " (make-model writes the Phi-4 one)");
        }
        long start = System.nanoTime();
        try {
            var tokenizer = new DjlTokenizer(HuggingFaceTokenizer.newInstance(file, OPTIONS));
            LOGGER.log(System.Logger.Level.DEBUG, "tokenizer {0} loaded in {1,number,#} ms", file,
                    (System.nanoTime() - start) / 1_000_000);
            return tokenizer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer " + file, e);
        }
    }

    @Override
    public int[] encode(String text) {
        long[] ids = tokenizer.encode(text, false, false).getIds();
        var result = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            result[i] = Math.toIntExact(ids[i]);
        }
        return result;
    }

    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
        if (ids.length == 0) {
            return "";
        }
        var wide = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            wide[i] = ids[i];
        }
        return tokenizer.decode(wide, skipSpecialTokens);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            tokenizer.close();
        }
    }
}
