package dev.airlock.bridge.http;

import java.util.List;

import io.helidon.http.HeaderNames;
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

/** Issue #5 routes: text completions, tokenize/detokenize, /generate, /metrics, CORS. */
@ServerTest
class RoutesTest {
    private static final FakeChannel AIRLOCK = FakeChannel.healthy();

    private final WebClient client;

    RoutesTest(WebClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void route(HttpRouting.Builder routing) {
        BridgeServer.routing(routing, AIRLOCK, BridgeConfig.defaults().withCorsOrigins(List.of("http://app.test")));
    }

    @Test
    void textCompletionHasOpenAiShapeAndSendsTheRawPrompt() {
        ChatCompletionsTest.Reply reply = post("/v1/completions", "{\"model\":\"adapter-a\",\"prompt\":\"Once\","
                + "\"max_tokens\":5,\"temperature\":0}");

        JsonObject body = SseEvents.json(reply.body());
        assertThat(reply.status()).isEqualTo(200);
        assertThat(body.getString("id")).startsWith("cmpl-");
        assertThat(body.getString("object")).isEqualTo("text_completion");
        assertThat(body.getString("model")).isEqualTo("adapter-a");
        JsonObject choice = body.getJsonArray("choices").getJsonObject(0);
        assertThat(choice.getString("text")).isEqualTo("Hello wörld");
        assertThat(choice.isNull("logprobs")).isTrue();
        assertThat(choice.getString("finish_reason")).isEqualTo("stop");
        assertThat(body.getJsonObject("usage").getInt("completion_tokens")).isEqualTo(3);
        assertThat(AIRLOCK.chats.stream().anyMatch(r -> "Once".equals(r.prompt()) && r.messages().isEmpty())).isTrue();
    }

    @Test
    void streamedTextCompletionEndsWithUsageAndDone() {
        List<String> events = SseEvents.data(post("/v1/completions", "{\"model\":\"phi-4\",\"prompt\":[\"Once\"],"
                + "\"stream\":true,\"stream_options\":{\"include_usage\":true},\"logprobs\":1}").body());

        assertThat(events.getLast()).isEqualTo("[DONE]");
        List<JsonObject> chunks = events.subList(0, events.size() - 1).stream().map(SseEvents::json).toList();
        var text = new StringBuilder();
        for (JsonObject chunk : chunks.subList(0, chunks.size() - 1)) {
            assertThat(chunk.getString("object")).isEqualTo("text_completion");
            text.append(chunk.getJsonArray("choices").getJsonObject(0).getString("text"));
        }
        assertThat(text.toString()).isEqualTo("Hello wörld");
        JsonObject first = chunks.getFirst().getJsonArray("choices").getJsonObject(0);
        assertThat(first.getJsonObject("logprobs").getJsonArray("tokens").getString(0)).isEqualTo("Hel");
        assertThat(first.getJsonObject("logprobs").getJsonArray("top_logprobs").getJsonObject(0)).containsKey("Hel");
        assertThat(chunks.get(chunks.size() - 2).getJsonArray("choices").getJsonObject(0).getString("finish_reason"))
                .isEqualTo("stop");
        assertThat(chunks.getLast().getJsonArray("choices")).isEmpty();
        assertThat(chunks.getLast().getJsonObject("usage").getInt("completion_tokens")).isEqualTo(3);
    }

    @Test
    void textCompletionRejectsWhatItCannotHonour() {
        assertError(post("/v1/completions", "{\"model\":\"phi-4\"}"), 400, "prompt", null);
        assertError(post("/v1/completions", "{\"model\":\"phi-4\",\"prompt\":[\"a\",\"b\"]}"), 400, "prompt",
                "invalid_type");
        assertError(post("/v1/completions", "{\"model\":\"phi-4\",\"prompt\":\"a\",\"echo\":true}"), 400, "echo", null);
        assertError(post("/v1/completions", "{\"model\":\"phi-4\",\"prompt\":\"a\",\"suffix\":\"z\"}"), 400, "suffix",
                null);
        assertError(post("/v1/completions", "{\"model\":\"phi-4\",\"prompt\":\"a\",\"logprobs\":6}"), 400, "logprobs",
                null);
        assertError(post("/v1/completions", "{\"model\":\"nope\",\"prompt\":\"a\"}"), 404, "model", "model_not_found");
    }

    @Test
    void textCompletionOverTheContextIs400BeforeAnySseByte() {
        // BL-11 on /v1/completions
        ChatCompletionsTest.Reply reply = post("/v1/completions", "{\"model\":\"refuse-context\",\"prompt\":\"a\","
                + "\"stream\":true}");

        assertError(reply, 400, "messages", null);
        assertThat(reply.body()).contains("16384");
    }

    @Test
    void tokenizeAndDetokenizeUseVllmShapes() {
        JsonObject tokens = SseEvents.json(post("/tokenize", "{\"model\":\"phi-4\",\"prompt\":\"hé\"}").body());
        JsonObject chat = SseEvents.json(post("/tokenize", "{\"model\":\"phi-4\",\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"h\"},{\"type\":\"text\",\"text\":\"é\"}]}]}").body());
        JsonObject text = SseEvents.json(post("/detokenize", "{\"model\":\"phi-4\",\"tokens\":[104,233]}").body());

        assertThat(tokens.getInt("count")).isEqualTo(2);
        assertThat(tokens.getInt("max_model_len")).isEqualTo(16384);
        assertThat(tokens.getJsonArray("tokens").getInt(1)).isEqualTo(233);
        assertThat(chat.getInt("count")).isEqualTo(2);
        assertThat(text.getString("prompt")).isEqualTo("hé");
    }

    @Test
    void tokenizeErrorsNameTheField() {
        assertError(post("/tokenize", "{\"model\":\"phi-4\"}"), 400, "prompt", null);
        assertError(post("/tokenize", "{\"model\":\"ghost\",\"prompt\":\"x\"}"), 404, "model", "model_not_found");
        assertError(post("/detokenize", "{\"model\":\"phi-4\",\"tokens\":[1,-2]}"), 400, "tokens[1]", "invalid_type");
        assertError(post("/detokenize", "{\"model\":\"phi-4\",\"tokens\":\"1\"}"), 400, "tokens", "invalid_type");
    }

    @Test
    void generateAnswersPlainText() {
        try (HttpClientResponse response = client.post("/generate")
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit("{\"model\":\"phi-4\",\"prompt\":\"Once\",\"max_tokens\":2}")) {
            assertThat(response.status().code()).isEqualTo(200);
            assertThat(response.headers().first(HeaderNames.CONTENT_TYPE)).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain"));
            assertThat(response.as(String.class)).isEqualTo("Hello");
        }
    }

    @Test
    void metricsArePrometheusTextPerModel() {
        post("/v1/chat/completions", "{\"model\":\"phi-4\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        try (HttpClientResponse response = client.get("/metrics").request()) {
            String text = response.as(String.class);
            assertThat(response.headers().first(HeaderNames.CONTENT_TYPE)).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
            assertThat(text).contains("# TYPE airlock_requests_running gauge")
                    .contains("airlock_requests_running{model=\"phi-4\"} 0")
                    .contains("airlock_requests_waiting{model=\"phi-4\"}")
                    .contains("# TYPE airlock_generation_tokens_total counter")
                    .contains("# TYPE airlock_time_to_first_token_seconds histogram")
                    .contains("airlock_time_per_output_token_seconds_bucket{model=\"phi-4\",le=\"+Inf\"}")
                    .containsPattern("airlock_prompt_tokens_total\\{model=\"phi-4\"} [1-9]");
        }
    }

    @Test
    void metricsCountTheAdaptersTheAirlockServesPerBase() {
        // BL-15 step 7: the fake airlock serves adapter-a and one adapter per scripted name
        try (HttpClientResponse response = client.get("/metrics").request()) {
            assertThat(response.as(String.class)).contains("# TYPE airlock_adapters_loaded gauge")
                    .contains("airlock_adapters_loaded{model=\"phi-4\"} " + (1 + FakeChannel.SCRIPTED.size()) + "\n");
        }
    }

    @Test
    void corsIsAnsweredForAListedOriginOnly() {
        try (HttpClientResponse response = client.method(io.helidon.http.Method.OPTIONS).path("/v1/chat/completions")
                .header(HeaderNames.ORIGIN, "http://app.test")
                .header(HeaderNames.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .request()) {
            assertThat(response.status().code()).isEqualTo(204);
            assertThat(response.headers().first(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN)).hasValue("http://app.test");
        }
        try (HttpClientResponse response = client.get("/v1/models")
                .header(HeaderNames.ORIGIN, "http://evil.test")
                .request()) {
            assertThat(response.headers().first(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN)).isEmpty();
        }
    }

    @Test
    void adapterLoadAndUnloadAnswerLikeVllm() {
        ChatCompletionsTest.Reply loaded = post("/v1/load_lora_adapter", "{\"lora_name\":\"adapter-c\","
                + "\"lora_path\":\"/adapters/adapter-c\"}");
        ChatCompletionsTest.Reply unloaded = post("/v1/unload_lora_adapter", "{\"lora_name\":\"adapter-c\"}");

        assertThat(loaded.status()).isEqualTo(200);
        assertThat(loaded.body()).contains("adapter-c").contains("added");
        assertThat(unloaded.status()).isEqualTo(200);
        assertThat(unloaded.body()).contains("removed");
    }

    @Test
    void adapterLoadRejectsUrlsRelativePathsAndTakenNames() {
        // BL-15 step 8, BL-16 name collision
        assertError(post("/v1/load_lora_adapter", "{\"lora_name\":\"x\",\"lora_path\":\"https://example.org/a\"}"),
                400, "lora_path", null);
        assertError(post("/v1/load_lora_adapter", "{\"lora_name\":\"x\",\"lora_path\":\"adapters/a\"}"), 400,
                "lora_path", null);
        assertError(post("/v1/load_lora_adapter", "{\"lora_path\":\"/a\"}"), 400, "lora_name", null);
        assertError(post("/v1/load_lora_adapter", "{\"lora_name\":\"phi-4\",\"lora_path\":\"/adapters/a\"}"), 400,
                "lora_name", null);
    }

    private ChatCompletionsTest.Reply post(String path, String body) {
        try (HttpClientResponse response = client.post(path)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit(body)) {
            return ChatCompletionsTest.Reply.of(response);
        }
    }
}
