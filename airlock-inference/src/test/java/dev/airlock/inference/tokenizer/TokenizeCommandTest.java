package dev.airlock.inference.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import dev.airlock.inference.cli.DetokenizeCommand;
import dev.airlock.inference.cli.TokenizeCommand;

class TokenizeCommandTest {
    @Test
    void printsTheIdsOfATextAsJson() {
        var out = new StringWriter();
        var command = new CommandLine(new TokenizeCommand()).setOut(new PrintWriter(out));

        int status = command.execute("--model", Phi4TokenizerFixture.tokenizerJson().getParent().toString(),
                "--text", "<|user|>Hello world");

        assertThat(status).isZero();
        assertThat(out.toString().strip()).isEqualTo("{\"ids\":[200021,13225,2375]}");
    }

    @Test
    void printsTheTextOfIdsAsJson() {
        var out = new StringWriter();
        var command = new CommandLine(new DetokenizeCommand()).setOut(new PrintWriter(out));

        int status = command.execute("--model", Phi4TokenizerFixture.tokenizerJson().toString(),
                "--ids", "200021,13225,2375");

        assertThat(status).isZero();
        assertThat(out.toString().strip()).isEqualTo("{\"text\":\"<|user|>Hello world\"}");
    }

    @Test
    void dropsSpecialTokensWhenAsked() {
        var out = new StringWriter();
        var command = new CommandLine(new DetokenizeCommand()).setOut(new PrintWriter(out));

        int status = command.execute("--model", Phi4TokenizerFixture.tokenizerJson().toString(),
                "--ids", "200021,13225,2375", "--skip-special-tokens");

        assertThat(status).isZero();
        assertThat(out.toString().strip()).isEqualTo("{\"text\":\"Hello world\"}");
    }
}
