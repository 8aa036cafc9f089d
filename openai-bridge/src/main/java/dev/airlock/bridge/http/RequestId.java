package dev.airlock.bridge.http;

import java.util.concurrent.ThreadLocalRandom;

import io.helidon.webserver.http.ServerRequest;

/** The id that ties a request's log lines together; sent back in {@code x-request-id}. */
record RequestId(String value) {
    static final String HEADER = "x-request-id";

    static RequestId create() {
        return new RequestId("req-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1));
    }

    /** Returns the id the filter registered for {@code request}, or a fresh one. */
    static String of(ServerRequest request) {
        return request.context().get(RequestId.class).map(RequestId::value).orElseGet(() -> create().value());
    }
}
