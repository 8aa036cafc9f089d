package dev.airlock.inference.tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One built-in Phi-4 tokenizer.json per test JVM, written under target/. */
final class Phi4TokenizerFixture {
    private static Path file;

    private Phi4TokenizerFixture() {
    }

    static synchronized Path tokenizerJson() {
        if (file == null) {
            try {
                Path dir = Files.createDirectories(Path.of("target", "test-tokenizer"));
                file = dir.resolve("tokenizer.json");
                Phi4TokenizerJson.write(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }
}
