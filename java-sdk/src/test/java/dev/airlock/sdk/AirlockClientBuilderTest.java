package dev.airlock.sdk;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AirlockClientBuilderTest {
    @Test
    void defaultsToTheBridgesLoopbackAddress() {
        try (var client = AirlockClient.builder().build()) {
            assertThat(client.baseUrl()).isEqualTo("http://127.0.0.1:8080");
        }
    }

    @Test
    void dropsTrailingSlashAndV1FromBaseUrl() {
        try (var client = AirlockClient.builder().baseUrl("http://127.0.0.1:8080/v1/").build()) {
            assertThat(client.baseUrl()).isEqualTo("http://127.0.0.1:8080");
        }
    }

    @Test
    void keepsAPathPrefixOfBaseUrl() {
        try (var client = AirlockClient.builder().baseUrl("https://gateway.example/airlock/").build()) {
            assertThat(client.baseUrl()).isEqualTo("https://gateway.example/airlock");
        }
    }

    @Test
    void rejectsBaseUrlWithoutHttpScheme() {
        assertThatThrownBy(() -> AirlockClient.builder().baseUrl("127.0.0.1:8080").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http or https URL")
                .hasMessageContaining("127.0.0.1:8080");
    }

    @Test
    void rejectsNonPositiveTimeouts() {
        assertThatThrownBy(() -> AirlockClient.builder().requestTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> AirlockClient.builder().connectTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connectTimeout");
    }

    @Test
    void callAfterCloseThrowsIllegalState() {
        var client = AirlockClient.builder().build();
        client.close();
        client.close();

        assertThatThrownBy(client::models)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
    }
}
