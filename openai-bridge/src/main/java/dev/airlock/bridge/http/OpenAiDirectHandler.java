package dev.airlock.bridge.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;

import dev.airlock.dto.Json;

/**
 * Answers what Helidon rejects before routing (a malformed request line or headers, a body over
 * the payload limit) with the OpenAI error object instead of plain text.
 */
final class OpenAiDirectHandler implements DirectHandler {
    private final long maxBodyBytes;

    OpenAiDirectHandler(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
            ServerResponseHeaders headers, String message) {
        // Helidon reports a request line it cannot parse at all (no method) as an internal
        // error; the fault is the client's.
        boolean unparsed = eventType == EventType.INTERNAL_ERROR
                && (request.method() == null || request.method().isEmpty());
        Status answered = unparsed ? Status.BAD_REQUEST_400 : status;
        int code = answered.code();
        OpenAiFailure failure = code == 413
                ? OpenAiFailure.of(413, "request body exceeds bridge.max_body_bytes=" + maxBodyBytes
                        + "; send a smaller body", "invalid_request_error", null, "request_too_large")
                : OpenAiFailure.of(code, OpenAiFailure.describe(code),
                        code >= 500 ? "server_error" : "invalid_request_error", null, null);
        headers.set(HeaderNames.CONTENT_TYPE, "application/json");
        return TransportResponse.builder()
                .status(answered)
                .headers(headers)
                .entity(Json.write(failure.body()))
                .build();
    }
}
