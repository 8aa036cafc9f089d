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

/** Issue #5 step 0: while the airlock loads its models, the bridge answers 503 with Retry-After, not 502. */
@ServerTest
class ModelsLoadingTest {
    private final WebClient client;

    ModelsLoadingTest(WebClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void route(HttpRouting.Builder routing) {
        BridgeServer.routing(routing, FakeChannel.loadingModels(), BridgeConfig.defaults());
    }

    @Test
    void modelsWhileLoadingAre503WithRetryAfter() {
        try (HttpClientResponse response = client.get("/v1/models").request()) {
            assertThat(response.headers().first(HeaderNames.RETRY_AFTER)).hasValue("5");
            var reply = ChatCompletionsTest.Reply.of(response);
            assertError(reply, 503, null, "models_loading");
            assertThat(reply.body()).contains("the models are still loading");
        }
    }

    @Test
    void chatWhileLoadingIs503WithRetryAfter() {
        try (HttpClientResponse response = client.post("/v1/chat/completions")
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit("{\"model\":\"phi-4\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")) {
            assertThat(response.headers().first(HeaderNames.RETRY_AFTER)).hasValue("5");
            var reply = ChatCompletionsTest.Reply.of(response);
            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.body()).contains("the models are still loading");
        }
    }

    @Test
    void healthWhileLoadingIs503() {
        try (HttpClientResponse response = client.get("/health").request()) {
            assertThat(response.status().code()).isEqualTo(503);
            assertThat(response.as(String.class)).isEqualTo("{\"status\":\"unavailable\"}");
        }
    }
}
