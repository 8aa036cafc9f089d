package dev.airlock.compat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A streamed chat must be answered whatever the client's {@code Accept} says: the official
 * {@code openai} npm package (and the Python one) send {@code Accept: application/json} on
 * {@code stream: true} requests and read the SSE body anyway. Found by NodeOpenAiClientTest:
 * the bridge answers 406 because Helidon's {@code SseSink} needs {@code text/event-stream} there.
 */
@ExtendWith(SharedAirlock.class)
class StreamAcceptHeaderTest {
    private static final String STREAM_BODY = """
            {"model": "%s", "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 2, "stream": true}
            """.formatted(LiveAirlock.ADAPTER_A);

    static String baseUrl;
    static HttpClient http;

    @BeforeAll
    static void connect(LiveAirlock airlock) {
        baseUrl = airlock.baseUrl();
        http = HttpClient.newHttpClient();
    }

    @Test
    void streamIsServedToAClientThatAcceptsEventStreams() throws Exception {
        HttpResponse<String> response = stream("text/event-stream");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).endsWith("data: [DONE]\n\n");
    }

    @Test
    void streamIsServedToAClientThatAcceptsOnlyJson() throws Exception {
        HttpResponse<String> response = stream("application/json");

        assertThat(response.statusCode()).as("status; body: %s", response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(response.body()).endsWith("data: [DONE]\n\n");
    }

    private static HttpResponse<String> stream(String accept) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(STREAM_BODY))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
