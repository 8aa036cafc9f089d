package dev.airlock.bridge.http;

import io.helidon.http.HttpException;
import io.helidon.http.RequestException;

import dev.airlock.bridge.openai.AirlockClient;
import dev.airlock.bridge.openai.BridgeException;
import dev.airlock.channel.ChannelException;
import dev.airlock.dto.openai.OpenAiError;

/**
 * A failure as the client sees it: an HTTP status and the OpenAI error body. Our own bugs are
 * a generic 500 whose stack trace goes to the log under the request id, never to the client.
 */
record OpenAiFailure(int status, OpenAiError body) {
    private static final System.Logger LOGGER = System.getLogger(OpenAiFailure.class.getName());

    static OpenAiFailure of(int status, String message, String type, String param, String code) {
        return new OpenAiFailure(status, OpenAiError.of(message, type, param, code));
    }

    /** Maps {@code failure} and logs it at the level it deserves. */
    static OpenAiFailure from(Throwable failure, String requestId) {
        if (failure instanceof ChannelException channel) {
            return from(AirlockClient.translate(channel), requestId);
        }
        if (failure instanceof BridgeException bridge) {
            System.Logger.Level level = bridge.status() >= 500 ? System.Logger.Level.WARNING
                    : System.Logger.Level.DEBUG;
            LOGGER.log(level, "request {0} failed with {1,number,#}: {2}", requestId, bridge.status(),
                    bridge.getMessage());
            return of(bridge.status(), bridge.getMessage(), bridge.type(), bridge.param(), bridge.code());
        }
        Integer status = httpStatus(failure);
        if (status != null && status >= 400 && status < 500) {
            LOGGER.log(System.Logger.Level.DEBUG, "request {0} rejected by the HTTP layer with {1,number,#}",
                    requestId, status);
            return of(status, describe(status), "invalid_request_error", null, status == 413 ? "request_too_large"
                    : null);
        }
        LOGGER.log(System.Logger.Level.ERROR, "request " + requestId + " failed with an internal error", failure);
        return of(500, "The server had an internal error while processing request " + requestId
                + "; retry, and report the request id if it persists.", "server_error", null, null);
    }

    private static Integer httpStatus(Throwable failure) {
        if (failure instanceof RequestException request) {
            return request.status().code();
        }
        if (failure instanceof HttpException http) {
            return http.status().code();
        }
        return null;
    }

    static String describe(int status) {
        return switch (status) {
            case 400 -> "The request could not be read as HTTP; check the request line, headers and body.";
            case 404 -> "Unknown request URL; see GET /v1/models and POST /v1/chat/completions.";
            case 405 -> "This method is not allowed on this URL.";
            case 413 -> "The request is too large for this server.";
            case 414 -> "The request URL is too long.";
            case 431 -> "The request headers are too large.";
            default -> "The request was rejected with HTTP status " + status + ".";
        };
    }
}
