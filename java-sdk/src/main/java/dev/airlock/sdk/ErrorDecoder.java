package dev.airlock.sdk;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

/**
 * Turns an error answer (a non-2xx status and its body) or an error event inside a stream into
 * the {@link AirlockException} of its status. Reads the OpenAI body
 * {@code {"error":{"message","type","param","code"}}}, and also vLLM's flat
 * {@code {"object":"error","message",...,"code":404}}; any other body still gives the status.
 */
final class ErrorDecoder {
    private static final JsonProvider JSON = JsonProvider.provider();

    private ErrorDecoder() {
    }

    /** Maps an HTTP error answer; {@code retryAfterHeader} is the raw {@code Retry-After}, or null. */
    static AirlockException fromResponse(int status, String body, String retryAfterHeader, String source) {
        Duration retryAfter = retryAfter(retryAfterHeader);
        JsonObject error = errorObject(body);
        if (error == null) {
            String message = "the server answered HTTP " + status + " with a body that is not an OpenAI error: "
                    + ResponseDecoder.quote(body);
            return forStatus(new ErrorInfo(status, null, null, null, message, retryAfter, source), null);
        }
        return forStatus(new ErrorInfo(status, text(error, "type"), text(error, "param"), text(error, "code"),
                text(error, "message"), retryAfter, source), null);
    }

    /** Returns whether a stream event's JSON is an error rather than a chunk. */
    static boolean isErrorEvent(JsonObject event) {
        return event.containsKey("error") || "error".equals(textOrNull(event.get("object")));
    }

    /** Maps an error event inside a stream, whose HTTP status was 2xx, by its code and type. */
    static AirlockException fromEvent(JsonObject event, String source) {
        JsonObject error = errorOf(event);
        String type = text(error, "type");
        String code = text(error, "code");
        int status = statusOf(type, code);
        return forStatus(new ErrorInfo(status, type, text(error, "param"), code,
                "error event in the stream: " + text(error, "message"), null, source), null);
    }

    /** Creates the exception type of {@code info.status()}. */
    static AirlockException forStatus(ErrorInfo info, Throwable cause) {
        int status = info.status();
        return switch (status) {
            case 400 -> new InvalidRequestException(info, cause);
            case 401 -> new AuthenticationException(info, cause);
            case 403 -> new PermissionDeniedException(info, cause);
            case 404 -> new NotFoundException(info, cause);
            case 413 -> new RequestTooLargeException(info, cause);
            case 429 -> new RateLimitException(info, cause);
            case 502 -> new BadGatewayException(info, cause);
            case 503 -> new ServiceUnavailableException(info, cause);
            case 504 -> new GatewayTimeoutException(info, cause);
            default -> status >= 400 && status < 500
                    ? new InvalidRequestException(info, cause)
                    : new ServerException(info, cause);
        };
    }

    /** The status an error event stands for: by the bridge's codes first, then by the OpenAI type. */
    static int statusOf(String type, String code) {
        if (code != null) {
            switch (code) {
                case "model_not_found" -> {
                    return 404;
                }
                case "invalid_api_key" -> {
                    return 401;
                }
                case "request_too_large" -> {
                    return 413;
                }
                case "rate_limit_exceeded" -> {
                    return 429;
                }
                case "bad_airlock_answer" -> {
                    return 502;
                }
                case "airlock_unavailable" -> {
                    return 503;
                }
                case "airlock_timeout" -> {
                    return 504;
                }
                default -> {
                    if (code.matches("[45]\\d\\d")) {
                        return Integer.parseInt(code);
                    }
                }
            }
        }
        return switch (type == null ? "" : type) {
            case "invalid_request_error", "BadRequestError" -> 400;
            case "authentication_error" -> 401;
            case "permission_error" -> 403;
            case "not_found_error", "NotFoundError" -> 404;
            case "rate_limit_error", "rate_limit_exceeded" -> 429;
            default -> 500;
        };
    }

    /** Reads {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        try {
            if (value.chars().allMatch(Character::isDigit)) {
                return Duration.ofSeconds(Long.parseLong(value));
            }
            Duration wait = Duration.between(ZonedDateTime.now(),
                    ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (NumberFormatException | DateTimeParseException e) {
            return null;
        }
    }

    private static JsonObject errorObject(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonObject json = ResponseDecoder.parseObject(body);
            return isErrorEvent(json) || json.containsKey("message") ? errorOf(json) : null;
        } catch (JsonException | ClassCastException e) {
            return null;
        }
    }

    private static JsonObject errorOf(JsonObject json) {
        JsonValue error = json.get("error");
        if (error instanceof JsonObject inner) {
            return inner;
        }
        if (error instanceof JsonString message) {
            return JSON.createObjectBuilder().add("message", message.getString()).build();
        }
        return json;
    }

    private static String text(JsonObject json, String name) {
        return textOrNull(json.get(name));
    }

    private static String textOrNull(JsonValue value) {
        if (value instanceof JsonString string) {
            return string.getString();
        }
        if (value instanceof JsonNumber number) {
            return number.toString();
        }
        return null;
    }
}
