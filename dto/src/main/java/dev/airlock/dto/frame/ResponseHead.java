package dev.airlock.dto.frame;

import java.util.Map;

/**
 * Payload of a RESPONSE_HEAD frame.
 *
 * @param status HTTP status, 100 to 599
 * @param headers response headers (content type at least)
 */
public record ResponseHead(int status, Map<String, String> headers) {
    public ResponseHead {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be in 100..599, got " + status);
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
