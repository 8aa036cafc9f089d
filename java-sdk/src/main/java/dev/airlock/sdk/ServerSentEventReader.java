package dev.airlock.sdk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads the {@code data} of server-sent events from a UTF-8 stream, as the WHATWG event-stream
 * format defines it: lines end with LF, CR or CRLF; a blank line ends an event; {@code data:}
 * lines of one event are joined with LF; one space after the colon is dropped; comments
 * ({@code :...}) and the other fields ({@code event}, {@code id}, {@code retry}) are skipped.
 * Not thread-safe.
 */
final class ServerSentEventReader {
    private static final String DATA = "data";
    private final BufferedReader lines;

    ServerSentEventReader(InputStream body) {
        this.lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    /**
     * Blocks until the next event that has data, and returns its data.
     *
     * @return the data, or null when the stream ended (an unterminated last event still counts)
     * @throws IOException when reading fails
     */
    String nextData() throws IOException {
        StringBuilder data = null;
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return data.toString();
                }
                continue;
            }
            String value = dataValue(line);
            if (value != null) {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            }
        }
        return data == null ? null : data.toString();
    }

    /** Returns the value of a {@code data} line, or null for a comment or another field. */
    private static String dataValue(String line) {
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        if (!DATA.equals(field)) {
            return null;
        }
        if (colon < 0) {
            return "";
        }
        int start = colon + 1;
        if (start < line.length() && line.charAt(start) == ' ') {
            start++;
        }
        return line.substring(start);
    }
}
