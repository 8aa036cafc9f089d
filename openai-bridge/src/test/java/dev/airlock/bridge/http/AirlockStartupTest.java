package dev.airlock.bridge.http;

import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.Test;

import dev.airlock.bridge.config.BridgeConfig;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue #5 step 0: health asks the airlock, which starts a session when none is live. */
@ServerTest
class AirlockStartupTest {
    private static final FakeChannel NOT_STARTED = FakeChannel.notStartedYet();

    private final WebClient client;

    AirlockStartupTest(WebClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void route(HttpRouting.Builder routing) {
        BridgeServer.routing(routing, NOT_STARTED, BridgeConfig.defaults());
    }

    @Test
    void healthStartsTheSessionAndAnswersFromTheAirlock() {
        try (HttpClientResponse response = client.get("/health").request()) {
            assertThat(response.status().code()).isEqualTo(200);
            assertThat(response.as(String.class)).isEqualTo("{\"status\":\"ok\"}");
        }
        assertThat(NOT_STARTED.isUp()).isTrue();
    }
}
