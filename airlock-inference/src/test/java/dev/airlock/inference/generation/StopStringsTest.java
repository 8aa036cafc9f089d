package dev.airlock.inference.generation;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StopStringsTest {
    @Test
    void findsStopStringSplitAcrossPieces() {
        var stops = new StopStrings(List.of("END"));

        String shown = stops.push("hello E") + stops.push("N") + stops.push("D and more");

        assertThat(shown).isEqualTo("hello ");
        assertThat(stops.stopped()).isTrue();
        assertThat(stops.push("later")).isEmpty();
    }

    @Test
    void holdsBackOnlyWhatCouldStartAStopString() {
        var stops = new StopStrings(List.of("<stop>"));

        assertThat(stops.push("abc<st")).isEqualTo("abc");
        assertThat(stops.push("x")).isEqualTo("<stx");
        assertThat(stops.stopped()).isFalse();
    }

    @Test
    void releasesHeldTextWhenGenerationEnds() {
        var stops = new StopStrings(List.of("###"));

        String shown = stops.push("total ##");

        assertThat(shown).isEqualTo("total ");
        assertThat(stops.flush()).isEqualTo("##");
    }

    @Test
    void earliestOfSeveralStopStringsWins() {
        var stops = new StopStrings(List.of("world", "lo"));

        assertThat(stops.push("hello world")).isEqualTo("hel");
    }

    @Test
    void withoutStopStringsEverythingPassesThrough() {
        var stops = new StopStrings(List.of());

        assertThat(stops.push("any text")).isEqualTo("any text");
        assertThat(stops.flush()).isEmpty();
    }
}
