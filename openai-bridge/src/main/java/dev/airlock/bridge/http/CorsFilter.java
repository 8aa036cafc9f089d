package dev.airlock.bridge.http;

import java.util.List;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * CORS for browser clients, off unless {@code bridge.cors_origins} lists origins: a listed
 * {@code Origin} (or any, with {@code *}) gets {@code Access-Control-Allow-Origin}, and its
 * preflight {@code OPTIONS} is answered here, before the API key check, as browsers send none.
 */
final class CorsFilter implements Filter {
    private final List<String> origins;

    CorsFilter(List<String> origins) {
        this.origins = List.copyOf(origins);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String origin = request.headers().first(HeaderNames.ORIGIN).orElse(null);
        if (origins.isEmpty() || origin == null || !(origins.contains("*") || origins.contains(origin))) {
            chain.proceed();
            return;
        }
        response.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origins.contains("*") ? "*" : origin);
        response.header(HeaderNames.VARY, "Origin");
        if (request.prologue().method() == Method.OPTIONS
                && request.headers().contains(HeaderNames.ACCESS_CONTROL_REQUEST_METHOD)) {
            response.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS");
            response.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization, Content-Type");
            response.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
            response.status(Status.NO_CONTENT_204);
            response.send();
            return;
        }
        chain.proceed();
    }
}
