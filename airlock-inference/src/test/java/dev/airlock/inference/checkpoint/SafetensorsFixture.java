package dev.airlock.inference.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes hand-made safetensors bytes (possibly broken on purpose) for reader tests. */
final class SafetensorsFixture {
    private SafetensorsFixture() {
    }

    /** Writes {@code header} (JSON text) and {@code dataBytes} bytes of data 0, 1, 2, ... */
    static Path write(Path file, String header, int dataBytes) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(json.length).put(json);
        for (int i = 0; i < dataBytes; i++) {
            buffer.put((byte) i);
        }
        try {
            Files.write(file, buffer.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
