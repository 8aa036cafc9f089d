package dev.airlock.bridge.http;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/** Gives every request an id, in its context and in the {@code x-request-id} response header. */
final class RequestIdFilter implements Filter {
    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        RequestId id = RequestId.create();
        request.context().register(id);
        response.header(RequestId.HEADER, id.value());
        chain.proceed();
    }
}
