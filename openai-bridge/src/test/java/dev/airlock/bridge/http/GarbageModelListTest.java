package dev.airlock.bridge.http;

import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.Test;

import dev.airlock.bridge.config.BridgeConfig;

import static dev.airlock.bridge.http.ChatCompletionsTest.assertError;

@ServerTest
class GarbageModelListTest {
    private final WebClient client;

    GarbageModelListTest(WebClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void route(HttpRouting.Builder routing) {
        BridgeServer.routing(routing, FakeChannel.withGarbageModelList(), BridgeConfig.defaults());
    }

    @Test
    void truncatedModelListIs502() {
        try (HttpClientResponse response = client.get("/v1/models").request()) {
            assertError(ChatCompletionsTest.Reply.of(response), 502, null, "bad_airlock_answer");
        }
    }

    @Test
    void chatWhoseModelCannotBeCheckedIs502() {
        try (HttpClientResponse response = client.post("/v1/chat/completions")
                .submit("{\"model\":\"phi-4\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")) {
            assertError(ChatCompletionsTest.Reply.of(response), 502, null, "bad_airlock_answer");
        }
    }
}
