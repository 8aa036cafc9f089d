package dev.airlock.sdk;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerSentEventReaderTest {
    private static List<String> dataOf(String stream) throws IOException {
        var reader = new ServerSentEventReader(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)));
        List<String> data = new ArrayList<>();
        for (String next = reader.nextData(); next != null; next = reader.nextData()) {
            data.add(next);
        }
        return data;
    }

    @Test
    void dropsOneSpaceAfterTheColonOnly() throws IOException {
        assertThat(dataOf("data: a\n\ndata:b\n\ndata:  c\n\n")).containsExactly("a", "b", " c");
    }

    @Test
    void joinsDataLinesOfOneEventWithNewline() throws IOException {
        assertThat(dataOf("data: {\"a\":\ndata: 1}\n\n")).containsExactly("{\"a\":\n1}");
    }

    @Test
    void skipsCommentsAndOtherFields() throws IOException {
        assertThat(dataOf(": ping\n\nevent: message\nid: 4\nretry: 100\ndata: x\n\n")).containsExactly("x");
    }

    @Test
    void acceptsCrLfAndCrLineEndings() throws IOException {
        assertThat(dataOf("data: a\r\n\r\ndata: b\r\rdata: [DONE]\r\n\r\n")).containsExactly("a", "b", "[DONE]");
    }

    @Test
    void returnsAnUnterminatedLastEvent() throws IOException {
        assertThat(dataOf("data: a\n\ndata: [DONE]")).containsExactly("a", "[DONE]");
    }

    @Test
    void readsMultiByteUtf8() throws IOException {
        assertThat(dataOf("data: héllo ☃ 🙂\n\n")).containsExactly("héllo ☃ 🙂");
    }
}
