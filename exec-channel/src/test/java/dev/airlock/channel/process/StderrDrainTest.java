package dev.airlock.channel.process;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StderrDrainTest {
    @Test
    void splitsLinesAndCutsLongOnes() {
        var lines = new ArrayList<String>();

        drain("short\r\n" + "x".repeat(100) + "\nlast without newline", 20, 100, lines, () -> 0L);

        assertThat(lines).containsExactly("short", "x".repeat(20) + " [80 more bytes cut]",
                "last without newline");
    }

    @Test
    void dropsLinesOverTheRateAndCountsThem() {
        var lines = new ArrayList<String>();

        drain("1\n2\n3\n4\n5\n", 100, 2, lines, () -> 0L);

        assertThat(lines).containsExactly("1", "2", "[3 stderr lines dropped: over 2 a second]");
    }

    @Test
    void startsANewAllowanceEachSecond() {
        var lines = new ArrayList<String>();
        var clock = new ArrayDeque<>(List.of(0L, 0L, 500_000_000L, 1_000_000_000L, 1_200_000_000L));

        drain("1\n2\n3\n4\n", 100, 1, lines, clock::poll);

        assertThat(lines).containsExactly("1", "[1 stderr lines dropped: over 1 a second]", "3",
                "[1 stderr lines dropped: over 1 a second]");
    }

    private static void drain(String text, int maxLineBytes, int perSecond, List<String> lines,
            LongSupplier clock) {
        new StderrDrain(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                maxLineBytes, perSecond, lines::add, clock).run();
    }
}
