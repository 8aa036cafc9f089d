package dev.airlock.bridge.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.Test;

import dev.airlock.bridge.config.BridgeConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #5: the seeded hostile bodies of {@link HostileRequests} plus route-shaped ones (wrong
 * prompt and token types, huge ids, tool and logprob garbage) against the routes added after
 * {@link FuzzTest}: never a 5xx, and the bridge still serves afterwards.
 */
@ServerTest
class FuzzRoutesTest {
    private static final int MAX_BODY_BYTES = 16 * 1024;
    private static final BridgeConfig CONFIG = BridgeConfig.defaults().withMaxBodyBytes(MAX_BODY_BYTES);
    private static final int REQUESTS = 4_000;
    private static final long SEED = 0x5EED_0005L;
    private static final String[] ROUTES = {"/v1/completions", "/tokenize", "/detokenize", "/generate",
        "/v1/chat/completions"};
    private static final String[] SHAPED = {
        "{\"model\":\"phi-4\",\"prompt\":%s}",
        "{\"model\":\"phi-4\",\"tokens\":%s}",
        "{\"model\":\"phi-4\",\"prompt\":\"a\",\"logprobs\":%s}",
        "{\"model\":\"phi-4\",\"prompt\":\"a\",\"max_tokens\":%s}",
        "{\"model\":\"phi-4\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"logit_bias\":%s}",
        "{\"model\":\"phi-4\",\"messages\":[{\"role\":\"user\",\"content\":\"weather\"}],\"tools\":%s}",
        "{\"model\":\"phi-4\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[{\"type\":\"function\","
                + "\"function\":{\"name\":\"f\"}}],\"tool_choice\":%s}",
        "{\"model\":\"phi-4\",\"messages\":[{\"role\":\"assistant\",\"content\":null,\"tool_calls\":%s}]}",
        "{\"model\":\"phi-4\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"n\":%s,\"logprobs\":true}",
        "{\"model\":\"phi-4\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"top_logprobs\":%s,"
                + "\"logprobs\":true,\"stream\":true}"};
    private static final String[] VALUES = {"null", "true", "-1", "0", "1e999", "99999999999999999999", "2.5", "\"\"",
        "\"x\"", "[]", "[1,-1]", "[2147483648]", "[\"a\",\"b\"]", "{}", "{\"1\":1e9}", "{\"-1\":1}", "[[[[[]]]]]",
        "[{\"id\":1}]", "[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{not json\"}}]",
        "{\"type\":\"function\",\"function\":{}}", "\"required\"", "[{\"type\":\"function\",\"function\":"
                + "{\"name\":\"f\",\"parameters\":\"s\"}}]", "129", "21", "[" + "1,".repeat(2000) + "1]"};

    private final WebClient client;

    FuzzRoutesTest(WebClient client) {
        this.client = client;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder builder) {
        BridgeServer.configure(builder, CONFIG);
    }

    @SetUpRoute
    static void route(HttpRouting.Builder routing) {
        BridgeServer.routing(routing, FakeChannel.healthy(), CONFIG);
    }

    @Test
    void hostileRequestsToTheNewRoutesNeverGet5xx() {
        var generator = new HostileRequests(SEED, MAX_BODY_BYTES);
        var random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        int sent = 0;

        for (int i = 0; i < REQUESTS; i++) {
            String route = ROUTES[random.nextInt(ROUTES.length)];
            byte[] body = random.nextBoolean() ? generator.next() : shaped(random);
            int status = post(route, body);
            sent++;
            if (status >= 500) {
                failures.add(status + " on " + route + " for "
                        + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8));
            }
        }

        assertThat(sent).isEqualTo(REQUESTS);
        assertThat(failures).isEmpty();
        assertThat(post("/v1/completions", "{\"model\":\"phi-4\",\"prompt\":\"still there?\"}"
                .getBytes(StandardCharsets.UTF_8))).isEqualTo(200);
    }

    private static byte[] shaped(Random random) {
        String template = SHAPED[random.nextInt(SHAPED.length)];
        return template.formatted(VALUES[random.nextInt(VALUES.length)]).getBytes(StandardCharsets.UTF_8);
    }

    private int post(String route, byte[] body) {
        try (HttpClientResponse response = client.post(route)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit(body)) {
            response.as(String.class);
            return response.status().code();
        }
    }
}
