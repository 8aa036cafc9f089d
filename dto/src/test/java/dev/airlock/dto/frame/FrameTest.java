package dev.airlock.dto.frame;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameTest {
    @Test
    void everyKindRoundTripsThroughItsWireCode() {
        for (FrameKind kind : FrameKind.values()) {
            assertThat(FrameKind.fromCode(kind.code())).isSameAs(kind);
        }
        assertThat(FrameKind.fromCode(0)).isNull();
        assertThat(FrameKind.fromCode(200)).isNull();
    }

    @Test
    void rejectsNegativeRequestId() {
        assertThatThrownBy(() -> Frame.of(FrameKind.END, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requestId");
    }

    @Test
    void requestHeadRequiresAbsolutePath() {
        assertThatThrownBy(() -> new RequestHead("GET", "internal", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("path");
    }
}
