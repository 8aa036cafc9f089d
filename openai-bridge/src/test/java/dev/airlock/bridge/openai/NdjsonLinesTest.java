package dev.airlock.bridge.openai;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NdjsonLinesTest {
    @Test
    void joinsLinesAndCharactersSplitAcrossChunks() {
        byte[] text = "{\"a\":\"wö\"}\n\n{\"b\":1}".getBytes(StandardCharsets.UTF_8);
        int split = 8; // inside the two bytes of 'ö'
        var lines = lines(List.of(java.util.Arrays.copyOfRange(text, 0, split),
                java.util.Arrays.copyOfRange(text, split, text.length)), 1024);

        assertThat(lines.next()).isEqualTo("{\"a\":\"wö\"}");
        assertThat(lines.next()).isEqualTo("{\"b\":1}");
        assertThat(lines.next()).isNull();
    }

    @Test
    void rejectsALineOverTheLimit() {
        var lines = lines(List.of(new byte[600], new byte[600]), 1000);

        assertThatThrownBy(lines::next).isInstanceOf(BadAirlockAnswer.class).hasMessageContaining("1000 bytes");
    }

    @Test
    void rejectsBadUtf8() {
        var lines = lines(List.of(new byte[] {'{', (byte) 0xFF, '}', '\n'}), 1000);

        assertThatThrownBy(lines::next).isInstanceOf(BadAirlockAnswer.class).hasMessageContaining("UTF-8");
    }

    private static NdjsonLines lines(List<byte[]> chunks, int max) {
        Iterator<byte[]> it = chunks.iterator();
        return new NdjsonLines(() -> it.hasNext() ? it.next() : null, max);
    }
}
