package dev.airlock.bridge.http;

import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import dev.airlock.bridge.config.BridgeConfig;

import static dev.airlock.bridge.http.ChatCompletionsTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

@ServerTest
class ModelsTest {
    private final WebClient client;

    ModelsTest(WebClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void route(HttpRouting.Builder routing) {
        BridgeServer.routing(routing, FakeChannel.healthy(), BridgeConfig.defaults());
    }

    @Test
    void listsModelsWithAdapterParents() {
        JsonObject body = SseEvents.json(get("/v1/models").body());

        assertThat(body.getString("object")).isEqualTo("list");
        JsonObject base = body.getJsonArray("data").getJsonObject(0);
        JsonObject adapter = body.getJsonArray("data").getJsonObject(1);
        assertThat(base.getString("id")).isEqualTo("phi-4");
        assertThat(base.getString("object")).isEqualTo("model");
        assertThat(base.getJsonNumber("created").longValue()).isEqualTo(1_700_000_000L);
        assertThat(base.getString("owned_by")).isEqualTo("airlock");
        assertThat(base).doesNotContainKey("parent");
        assertThat(adapter.getString("id")).isEqualTo("adapter-a");
        assertThat(adapter.getString("parent")).isEqualTo("phi-4");
    }

    @Test
    void getsOneModel() {
        JsonObject body = SseEvents.json(get("/v1/models/adapter-a").body());

        assertThat(body.getString("id")).isEqualTo("adapter-a");
        assertThat(body.getString("object")).isEqualTo("model");
    }

    @Test
    void unknownModelIs404ModelNotFound() {
        assertError(get("/v1/models/nope"), 404, "model", "model_not_found");
    }

    @Test
    void healthIs200WhenTheAirlockAnswers() {
        ChatCompletionsTest.Reply reply = get("/health");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{\"status\":\"ok\"}");
    }

    @Test
    void unknownUrlIs404OpenAiError() {
        assertError(get("/v1/completions-of-the-past"), 404, null, "unknown_url");
    }

    @Test
    void wrongMethodIs405OpenAiError() {
        assertError(get("/v1/chat/completions"), 405, null, "method_not_allowed");
    }

    private ChatCompletionsTest.Reply get(String path) {
        try (HttpClientResponse response = client.get(path).request()) {
            return ChatCompletionsTest.Reply.of(response);
        }
    }
}
