package dev.airlock.dto.frame;

import java.util.Map;

/**
 * Payload of a REQUEST frame: an HTTP-shaped call to the inference server inside the airlock.
 *
 * @param method HTTP method, e.g. {@code POST}
 * @param path absolute path with optional query, e.g. {@code /internal/v1/chat}
 * @param headers the headers that matter (content type, request id); never credentials
 * @param body the request body as UTF-8 text (JSON), empty for none
 */
public record RequestHead(String method, String path, Map<String, String> headers, String body) {
    public RequestHead {
        if (method == null || method.isBlank()) {
            throw new IllegalArgumentException("method is required");
        }
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/', got " + path);
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        body = body == null ? "" : body;
    }
}
