package dev.airlock.bridge.http;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.Test;

import dev.airlock.bridge.config.BridgeConfig;

import static dev.airlock.bridge.http.ChatCompletionsTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

@ServerTest
class AirlockDownTest {
    private final WebClient client;

    AirlockDownTest(WebClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void route(HttpRouting.Builder routing) {
        BridgeServer.routing(routing, FakeChannel.down(), BridgeConfig.defaults());
    }

    @Test
    void chatWhileAirlockIsDownIs503() {
        try (HttpClientResponse response = client.post("/v1/chat/completions")
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit("{\"model\":\"phi-4\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                        + "\"stream\":true}")) {
            assertError(ChatCompletionsTest.Reply.of(response), 503, null, "airlock_unavailable");
        }
    }

    @Test
    void modelsWhileAirlockIsDownIs503() {
        try (HttpClientResponse response = client.get("/v1/models").request()) {
            assertError(ChatCompletionsTest.Reply.of(response), 503, null, "airlock_unavailable");
        }
    }

    @Test
    void healthWhileAirlockIsDownIs503() {
        try (HttpClientResponse response = client.get("/health").request()) {
            assertThat(response.status().code()).isEqualTo(503);
            assertThat(response.as(String.class)).isEqualTo("{\"status\":\"unavailable\"}");
        }
    }

    @Test
    void metricsWhileAirlockIsDownLeaveOutTheAdapterGauge() {
        try (HttpClientResponse response = client.get("/metrics").request()) {
            assertThat(response.status().code()).isEqualTo(200);
            assertThat(response.as(String.class)).contains("# TYPE airlock_requests_running gauge")
                    .doesNotContain("airlock_adapters_loaded");
        }
    }

    @Test
    void invalidRequestIsStill400WhileAirlockIsDown() {
        try (HttpClientResponse response = client.post("/v1/chat/completions")
                .submit("{\"model\":\"phi-4\",\"messages\":[]}")) {
            assertError(ChatCompletionsTest.Reply.of(response), 400, "messages", "empty_array");
        }
    }
}
