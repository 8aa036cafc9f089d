package dev.airlock.channel.frame;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.airlock.dto.frame.Frame;
import dev.airlock.dto.frame.FrameError;
import dev.airlock.dto.frame.FrameKind;
import dev.airlock.dto.frame.RequestHead;
import dev.airlock.dto.frame.ResponseHead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FramePayloadsTest {
    @Test
    void requestHeadRoundTrips() throws FrameFormatException {
        var head = new RequestHead("POST", "/internal/v1/chat", Map.of("content-type", "x"), "ü");

        assertThat(FramePayloads.requestHead(FramePayloads.request(4, head))).isEqualTo(head);
    }

    @Test
    void responseHeadRoundTrips() throws FrameFormatException {
        var head = new ResponseHead(200, Map.of("content-type", "application/x-ndjson"));

        assertThat(FramePayloads.responseHead(FramePayloads.responseHead(4, head))).isEqualTo(head);
    }

    @Test
    void frameErrorRoundTrips() throws FrameFormatException {
        var error = new FrameError(503, "server_error", "model unloaded");

        assertThat(FramePayloads.frameError(FramePayloads.error(4, error))).isEqualTo(error);
    }

    @Test
    void rejectsMalformedUtf8InsteadOfReplacingIt() {
        byte[] payload = {'{', '"', 's', '"', ':', (byte) 0xC3, '}'};

        assertThatThrownBy(() -> FramePayloads.responseHead(frame(payload)))
                .isInstanceOf(FrameFormatException.class)
                .hasMessage("RESPONSE_HEAD payload of 7 bytes for request 9: expected UTF-8 JSON,"
                        + " found malformed UTF-8");
    }

    @Test
    void rejectsTextThatIsNotJson() {
        assertThatThrownBy(() -> FramePayloads.responseHead(frame(utf8("{status: secret"))))
                .isInstanceOf(FrameFormatException.class)
                .hasMessageContaining("expected a JSON ResponseHead, found text that does not parse")
                .hasMessageNotContaining("secret");
    }

    @Test
    void rejectsJsonNull() {
        assertThatThrownBy(() -> FramePayloads.responseHead(frame(utf8("null"))))
                .isInstanceOf(FrameFormatException.class)
                .hasMessageEndingWith("expected a JSON ResponseHead, found null");
    }

    @Test
    void namesTheFieldThatBreaksRecordValidation() {
        assertThatThrownBy(() -> FramePayloads.responseHead(frame(utf8("{\"status\":700}"))))
                .isInstanceOf(FrameFormatException.class)
                .hasMessageEndingWith("found an invalid value (status must be in 100..599, got 700)");
    }

    private static Frame frame(byte[] payload) {
        return new Frame(FrameKind.RESPONSE_HEAD, 9, payload);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
