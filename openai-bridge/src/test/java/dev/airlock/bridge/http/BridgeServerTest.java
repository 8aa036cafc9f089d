package dev.airlock.bridge.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.airlock.bridge.config.BridgeConfig;
import dev.airlock.bridge.config.ConfigException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BridgeServerTest {
    @Test
    void startsOnAFreePortAndServes() throws Exception {
        try (BridgeServer server = BridgeServer.start(FakeChannel.healthy(),
                BridgeConfig.defaults().withAddress("127.0.0.1", 0))) {
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/models"))
                    .build();

            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(request, HttpResponse.BodyHandlers.ofString());

            assertThat(server.port()).isPositive();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"object\":\"list\"");
        }
    }

    @Test
    void refusesToBindAllInterfacesWithoutKeys() {
        var config = BridgeConfig.defaults().withAddress("0.0.0.0", 0);

        assertThatThrownBy(() -> BridgeServer.start(FakeChannel.healthy(), config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--allow-remote");
    }
}
