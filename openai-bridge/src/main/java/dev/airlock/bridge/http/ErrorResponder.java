package dev.airlock.bridge.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ErrorHandler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import dev.airlock.bridge.openai.AirlockUnavailable;
import dev.airlock.dto.Json;

/**
 * The routing's one error handler: every failure a handler throws becomes the OpenAI error
 * object with its status. A failure after the response started cannot change it; it is logged.
 */
final class ErrorResponder implements ErrorHandler<Throwable> {
    private static final System.Logger LOGGER = System.getLogger(ErrorResponder.class.getName());

    @Override
    public void handle(ServerRequest request, ServerResponse response, Throwable failure) {
        String requestId = RequestId.of(request);
        if (response.isSent()) {
            LOGGER.log(System.Logger.Level.DEBUG, "request {0} failed after its response was sent: {1}",
                    requestId, String.valueOf(failure));
            return;
        }
        send(response, OpenAiFailure.from(failure, requestId));
    }

    /** Sends {@code failure} as the whole response. */
    static void send(ServerResponse response, OpenAiFailure failure) {
        response.status(Status.create(failure.status()));
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        if (failure.status() == 401) {
            response.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
        if (failure.status() == 503 || failure.status() == 429) {
            response.header(HeaderNames.RETRY_AFTER, String.valueOf(AirlockUnavailable.RETRY_AFTER_SECONDS));
        }
        response.send(Json.write(failure.body()));
    }
}
