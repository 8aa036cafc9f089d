package dev.airlock.sdk;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.airlock.sdk.StandInServer.json;
import static dev.airlock.sdk.StandInServer.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

class ErrorMappingTest {
    private final StandInServer server = StandInServer.start();

    @AfterEach
    void stopServer() {
        server.close();
    }

    private static ChatRequest request() {
        return ChatRequest.builder()
                .model("phi-4-mini-instruct")
                .addUserMessage("Hello")
                .build();
    }

    private static String openAiError(String message, String type, String param, String code) {
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":"
                + (param == null ? "null" : "\"" + param + "\"") + ",\"code\":"
                + (code == null ? "null" : "\"" + code + "\"") + "}}";
    }

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({
            "400, InvalidRequestException, invalid_request_error",
            "401, AuthenticationException, invalid_request_error",
            "403, PermissionDeniedException, permission_error",
            "404, NotFoundException, invalid_request_error",
            "405, InvalidRequestException, invalid_request_error",
            "413, RequestTooLargeException, invalid_request_error",
            "422, InvalidRequestException, invalid_request_error",
            "429, RateLimitException, rate_limit_error",
            "500, ServerException, server_error",
            "501, ServerException, server_error",
            "502, BadGatewayException, server_error",
            "503, ServiceUnavailableException, server_error",
            "504, GatewayTimeoutException, server_error",
    })
    void mapsEachStatusToItsExceptionType(int status, String exceptionName, String errorType)
            throws ClassNotFoundException {
        Class<?> expected = Class.forName("dev.airlock.sdk." + exceptionName);
        server.route("/v1/chat/completions", json(status, openAiError("failure " + status, errorType,
                "messages", "code_" + status)));

        try (var client = server.client()) {
            assertThatThrownBy(() -> client.chat(request()))
                    .isExactlyInstanceOf(expected)
                    .asInstanceOf(type(AirlockException.class))
                    .satisfies(e -> {
                        assertThat(e.status()).isEqualTo(status);
                        assertThat(e.type()).isEqualTo(errorType);
                        assertThat(e.param()).isEqualTo("messages");
                        assertThat(e.code()).isEqualTo("code_" + status);
                        assertThat(e.errorMessage()).isEqualTo("failure " + status);
                        assertThat(e.getMessage()).contains("failure " + status, "HTTP " + status,
                                "POST /v1/chat/completions");
                    });
        }
    }

    @Test
    void unknownModelIsNotFoundWithModelNotFoundCode() {
        server.route("/v1/chat/completions", json(404, openAiError(
                "The model 'phi-9' does not exist; GET /v1/models lists the served models.",
                "invalid_request_error", "model", "model_not_found")));

        try (var client = server.client()) {
            assertThatThrownBy(() -> client.chat(request()))
                    .asInstanceOf(type(NotFoundException.class))
                    .satisfies(e -> {
                        assertThat(e.code()).isEqualTo("model_not_found");
                        assertThat(e.param()).isEqualTo("model");
                    });
        }
    }

    @Test
    void unservedRouteIsNotFoundLikeAnyOpenAiError() {
        server.route("/tokenize", json(404, openAiError("Unknown request URL; see GET /v1/models and"
                + " POST /v1/chat/completions.", "invalid_request_error", null, "unknown_url")));

        try (var client = server.client()) {
            assertThatThrownBy(() -> client.tokenize("phi-4-mini-instruct", "Hello"))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("Unknown request URL")
                    .hasMessageContaining("POST /tokenize");
        }
    }

    @Test
    void nonJsonErrorBodyStillGivesTheStatus() {
        server.route("/v1/chat/completions", text(502, "<html><body>Bad Gateway</body></html>"));

        try (var client = server.client()) {
            assertThatThrownBy(() -> client.chat(request()))
                    .isInstanceOf(BadGatewayException.class)
                    .hasMessageContaining("HTTP 502")
                    .hasMessageContaining("not an OpenAI error")
                    .hasMessageContaining("Bad Gateway")
                    .asInstanceOf(type(AirlockException.class))
                    .satisfies(e -> assertThat(e.type()).isNull());
        }
    }

    @Test
    void emptyErrorBodyStillGivesTheStatus() {
        server.route("/v1/chat/completions", text(500, ""));

        try (var client = server.client()) {
            assertThatThrownBy(() -> client.chat(request()))
                    .isInstanceOf(ServerException.class)
                    .hasMessageContaining("HTTP 500")
                    .hasMessageContaining("(empty)");
        }
    }

    @Test
    void flatVllmErrorBodyIsRead() {
        server.route("/v1/chat/completions", json(400, "{\"object\":\"error\",\"message\":\"max_tokens is too"
                + " large\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}"));

        try (var client = server.client()) {
            assertThatThrownBy(() -> client.chat(request()))
                    .isInstanceOf(InvalidRequestException.class)
                    .asInstanceOf(type(AirlockException.class))
                    .satisfies(e -> {
                        assertThat(e.errorMessage()).isEqualTo("max_tokens is too large");
                        assertThat(e.code()).isEqualTo("400");
                    });
        }
    }

    @Test
    void rateLimitCarriesRetryAfter() {
        server.route("/v1/chat/completions", json(429, openAiError("slow down", "rate_limit_error", null,
                "rate_limit_exceeded"), Map.of("Retry-After", "7")));

        try (var client = server.client()) {
            assertThatThrownBy(() -> client.chat(request()))
                    .asInstanceOf(type(RateLimitException.class))
                    .satisfies(e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(7)));
        }
    }

    @Test
    void successWithUnreadableBodyIsServerExceptionWithInvalidResponseCode() {
        server.route("/v1/chat/completions", text(200, "hello, not JSON"));

        try (var client = server.client()) {
            assertThatThrownBy(() -> client.chat(request()))
                    .asInstanceOf(type(ServerException.class))
                    .satisfies(e -> {
                        assertThat(e.code()).isEqualTo("invalid_response");
                        assertThat(e.status()).isEqualTo(200);
                        assertThat(e.getMessage()).contains("hello, not JSON");
                    });
        }
    }

    @Test
    void refusedConnectionIsConnectionException() throws IOException {
        int freePort;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = socket.getLocalPort();
        }

        try (var client = AirlockClient.builder().baseUrl("http://127.0.0.1:" + freePort).build()) {
            assertThatThrownBy(client::models)
                    .asInstanceOf(type(ConnectionException.class))
                    .satisfies(e -> {
                        assertThat(e.status()).isZero();
                        assertThat(e.getMessage()).contains("could not connect to http://127.0.0.1:" + freePort,
                                "no HTTP response");
                    });
        }
    }

    @Test
    void slowAnswerPastRequestTimeoutIsRequestTimeoutException() {
        var release = new CountDownLatch(1);
        server.route("/v1/chat/completions", exchange -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        try (var client = AirlockClient.builder()
                .baseUrl(server.baseUrl())
                .requestTimeout(Duration.ofMillis(300))
                .build()) {
            assertThatThrownBy(() -> client.chat(request()))
                    .isInstanceOf(RequestTimeoutException.class)
                    .hasMessageContaining("requestTimeout=PT0.3S");
        } finally {
            release.countDown();
        }
    }

    @Test
    void interruptedCallRestoresTheFlag() {
        server.route("/v1/models", json(200, "{\"object\":\"list\",\"data\":[]}"));
        Thread.currentThread().interrupt();

        try (var client = server.client()) {
            assertThatThrownBy(client::models)
                    .asInstanceOf(type(ConnectionException.class))
                    .satisfies(e -> assertThat(e.code()).isEqualTo("interrupted"));
            assertThat(Thread.interrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
