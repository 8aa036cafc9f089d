package dev.airlock.sdk;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure of a call to the bridge: an OpenAI error answer, an error event inside a stream, an
 * answer the SDK cannot read, or no answer at all. Each subclass stands for one HTTP status (or,
 * for {@link ConnectionException} and {@link RequestTimeoutException}, for no response), so
 * callers can {@code switch} over them exhaustively.
 *
 * <p>For an error event inside a stream, whose HTTP status was already 200, {@link #status()} is
 * the status that the event's {@code code} or {@code type} stands for.
 */
public abstract sealed class AirlockException extends RuntimeException
        permits InvalidRequestException,
        AuthenticationException,
        PermissionDeniedException,
        NotFoundException,
        RequestTooLargeException,
        RateLimitException,
        ServerException,
        BadGatewayException,
        ServiceUnavailableException,
        GatewayTimeoutException,
        ConnectionException,
        RequestTimeoutException {
    private final ErrorInfo info;

    AirlockException(ErrorInfo info, Throwable cause) {
        super(describe(info), cause);
        this.info = info;
    }

    /** Returns the HTTP status, or 0 when the server gave no response. */
    public int status() {
        return info.status();
    }

    /** Returns the OpenAI error type (e.g. {@code invalid_request_error}), or null if none was sent. */
    public String type() {
        return info.type();
    }

    /** Returns the request field at fault (e.g. {@code messages[0].content}), or null. */
    public String param() {
        return info.param();
    }

    /** Returns the machine-readable reason (e.g. {@code model_not_found}), or null. */
    public String code() {
        return info.code();
    }

    /** Returns the error message as the server sent it, without what {@link #getMessage()} adds. */
    public String errorMessage() {
        return info.message();
    }

    /** Returns how long the server asked to wait before retrying ({@code Retry-After}), if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(info.retryAfter());
    }

    private static String describe(ErrorInfo info) {
        var text = new StringBuilder(info.message());
        text.append(" (");
        if (info.status() > 0) {
            text.append("HTTP ").append(info.status());
        } else {
            text.append("no HTTP response");
        }
        appendPart(text, "type", info.type());
        appendPart(text, "code", info.code());
        appendPart(text, "param", info.param());
        if (!info.source().isEmpty()) {
            text.append(", from ").append(info.source());
        }
        return text.append(')').toString();
    }

    private static void appendPart(StringBuilder text, String name, String value) {
        if (value != null) {
            text.append(", ").append(name).append(' ').append(value);
        }
    }
}
