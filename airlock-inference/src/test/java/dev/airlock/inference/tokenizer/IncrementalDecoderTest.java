package dev.airlock.inference.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IncrementalDecoderTest {
    private static Tokenizer tokenizer;

    @BeforeAll
    static void load() {
        tokenizer = Tokenizer.load(Phi4TokenizerFixture.tokenizerJson());
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void neverEmitsHalfACharacterOfAMultiByteSequence() {
        String text = "ok 👨‍👩‍👧‍👦 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 中文 done";
        int[] ids = tokenizer.encode(text);
        var decoder = tokenizer.incrementalDecoder();

        List<String> pieces = new ArrayList<>();
        for (int id : ids) {
            pieces.add(decoder.push(id));
        }
        pieces.add(decoder.flush());

        assertThat(String.join("", pieces)).isEqualTo(text);
        assertThat(pieces).noneMatch(piece -> piece.contains("\uFFFD"));
        assertThat(pieces).allMatch(piece -> piece.isEmpty()
                || !Character.isHighSurrogate(piece.charAt(piece.length() - 1)));
    }

    @Test
    void holdsBackAnIncompleteCharacterUntilItsLastByteArrives() {
        int[] ids = tokenizer.encode("𝔘");
        var decoder = tokenizer.incrementalDecoder();

        List<String> pieces = new ArrayList<>();
        for (int id : ids) {
            pieces.add(decoder.push(id));
        }

        assertThat(ids.length).isGreaterThan(1);
        assertThat(pieces.subList(0, ids.length - 1)).allMatch(String::isEmpty);
        assertThat(pieces.get(ids.length - 1)).isEqualTo("𝔘");
    }

    @Test
    void flushesAnUnfinishedCharacterAsAReplacementCharacter() {
        int[] ids = tokenizer.encode("𝔘");
        var decoder = tokenizer.incrementalDecoder();

        String first = decoder.push(ids[0]);
        String rest = decoder.flush();

        assertThat(first).isEmpty();
        assertThat(rest).contains("\uFFFD");
    }

    @Test
    void dropsSpecialTokensAndKeepsToolTokens() {
        int[] ids = tokenizer.encode("Hi<|end|><|tool_call|>");
        var decoder = tokenizer.incrementalDecoder();

        var out = new StringBuilder();
        for (int id : ids) {
            out.append(decoder.push(id));
        }
        out.append(decoder.flush());

        assertThat(out).hasToString("Hi<|tool_call|>");
    }
}
