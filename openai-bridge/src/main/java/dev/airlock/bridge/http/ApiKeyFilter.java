package dev.airlock.bridge.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import dev.airlock.bridge.config.ApiKeys;
import dev.airlock.bridge.openai.Unauthorized;

/** Requires {@code Authorization: Bearer <key>} on {@code /v1/} when keys are configured. */
final class ApiKeyFilter implements Filter {
    private static final String BEARER = "bearer ";

    private final ApiKeys keys;

    ApiKeyFilter(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        // Every route but /health needs the key (issue #5): /tokenize, /generate and /metrics too.
        if (keys.enabled() && !"/health".equals(request.path().path())) {
            String header = request.headers().first(HeaderNames.AUTHORIZATION).orElse(null);
            if (header == null || header.length() <= BEARER.length()
                    || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                throw new Unauthorized("Missing API key: send the header 'Authorization: Bearer <key>'.");
            }
            if (!keys.matches(header.substring(BEARER.length()).strip())) {
                throw new Unauthorized("Incorrect API key provided.");
            }
        }
        chain.proceed();
    }
}
