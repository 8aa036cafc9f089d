package dev.airlock.channel;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import dev.airlock.dto.frame.RequestHead;

/** Requests and body reading shared by the channel tests of every package. */
public final class TestExchanges {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private TestExchanges() {
    }

    public static RequestHead post(String path, String body) {
        return new RequestHead("POST", path, Map.of(), body);
    }

    /** Reads the whole body as UTF-8, waiting up to 20 s per chunk. */
    public static String readBody(Exchange exchange) {
        return new String(drain(exchange), StandardCharsets.UTF_8);
    }

    /** Reads the whole body, waiting up to 20 s per chunk. */
    public static byte[] drain(Exchange exchange) {
        var bytes = new ByteArrayOutputStream();
        for (byte[] chunk = exchange.nextChunk(WAIT); chunk != null;
                chunk = exchange.nextChunk(WAIT)) {
            bytes.writeBytes(chunk);
        }
        return bytes.toByteArray();
    }
}
