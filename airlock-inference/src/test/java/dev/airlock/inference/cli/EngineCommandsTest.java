package dev.airlock.inference.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EngineCommandsTest {
    private static String golden(String path) throws URISyntaxException {
        return Path.of(EngineCommandsTest.class.getResource("/golden/" + path).toURI()).toString();
    }

    private record Run(int status, String out, String err) {
    }

    private static Run run(Object command, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var line = new CommandLine(command);
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(err));
        int status = line.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void generatePrintsGoldenGreedyTokensWithAdapter() throws Exception {
        Run run = run(new GenerateCommand(), "--model", golden("phi3-tiny-a"), "--adapter", golden("phi3-tiny-a/adapter"),
                "--tokens", "209,141,161,60,210", "--max-tokens", "12", "--ignore-eos");

        assertThat(run.status()).isZero();
        var tokens = Json.createReader(new StringReader(run.out())).readObject().getJsonArray("tokens");
        assertThat(tokens.stream().mapToInt(v -> ((JsonNumber) v).intValue()).toArray())
                .containsExactly(186, 114, 138, 138, 138, 9, 13, 91, 86, 228, 118, 10);
    }

    @Test
    void logitsPrintsOneValuePerVocabularyEntry() throws Exception {
        Run run = run(new LogitsCommand(), "--model", golden("phi3-tiny-b"), "--tokens", "1,2,3");

        assertThat(run.status()).isZero();
        assertThat(Json.createReader(new StringReader(run.out())).readObject().getJsonArray("logits")).hasSize(256);
    }

    @Test
    void logitsReportsABadCheckpointOnStderr() {
        Run run = run(new LogitsCommand(), "--model", "/nonexistent/model", "--tokens", "1");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("/nonexistent/model/config.json");
    }
}
