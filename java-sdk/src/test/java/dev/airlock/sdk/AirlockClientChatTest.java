package dev.airlock.sdk;

import java.io.StringReader;
import java.util.List;

import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.airlock.dto.Json;
import dev.airlock.dto.openai.AssistantMessage;
import dev.airlock.dto.openai.ChatCompletionRequest;
import dev.airlock.dto.openai.Choice;

import static dev.airlock.sdk.StandInServer.fixture;
import static dev.airlock.sdk.StandInServer.json;
import static org.assertj.core.api.Assertions.assertThat;

class AirlockClientChatTest {
    private final StandInServer server = StandInServer.start();

    @AfterEach
    void stopServer() {
        server.close();
    }

    private static ChatRequest.Builder helloRequest() {
        return ChatRequest.builder()
                .model("phi-4-mini-instruct")
                .addSystemMessage("Be brief.")
                .addUserMessage("Hello");
    }

    private static JsonObject parse(String json) {
        return JsonProvider.provider().createReader(new StringReader(json)).readObject();
    }

    @Test
    void parsesBlockingChatCompletion() {
        server.route("/v1/chat/completions", json(200, fixture("chat-completion.json")));

        ChatCompletion completion;
        try (var client = server.client()) {
            completion = client.chat(helloRequest().build());
        }

        assertThat(completion.id()).isEqualTo("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
        assertThat(completion.created()).isEqualTo(1741569952L);
        assertThat(completion.model()).isEqualTo("phi-4-mini-instruct");
        assertThat(completion.systemFingerprint()).isEqualTo("fp_airlock_0");
        assertThat(completion.choices()).containsExactly(new ChatChoice(0,
                ChatMessage.assistant("Hello! How can I assist you today?"), "stop"));
        assertThat(completion.usage()).isEqualTo(new Usage(19, 10, 29));
        assertThat(completion.content()).isEqualTo("Hello! How can I assist you today?");
    }

    @Test
    void parsesCompletionAsTheBridgeWritesIt() {
        var written = new dev.airlock.dto.openai.ChatCompletion("chatcmpl-1", "chat.completion", 1700000000L,
                "phi-4-mini-demo", "fp_1", List.of(new Choice(0, AssistantMessage.of("Hi."), null, "length")),
                dev.airlock.dto.openai.Usage.of(5, 3));
        server.route("/v1/chat/completions", json(200, Json.write(written)));

        ChatCompletion completion;
        try (var client = server.client()) {
            completion = client.chat(helloRequest().build());
        }

        assertThat(completion.choices()).containsExactly(new ChatChoice(0, ChatMessage.assistant("Hi."), "length"));
        assertThat(completion.usage()).isEqualTo(new Usage(5, 3, 8));
    }

    @Test
    void sendsSnakeCaseFieldsWithStreamFalse() throws InterruptedException {
        server.route("/v1/chat/completions", json(200, fixture("chat-completion.json")));

        try (var client = server.client()) {
            client.chat(helloRequest()
                    .maxTokens(64)
                    .temperature(0.5)
                    .topP(0.9)
                    .seed(42)
                    .stop("\n\n", "END")
                    .n(2)
                    .presencePenalty(0.1)
                    .frequencyPenalty(0.2)
                    .user("user-7")
                    .streamIncludeUsage(true)
                    .build());
        }

        var received = server.takeRequest();
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.path()).isEqualTo("/v1/chat/completions");
        assertThat(received.header("Content-Type")).isEqualTo("application/json");
        JsonObject body = parse(received.body());
        assertThat(body.keySet()).containsExactlyInAnyOrder("model", "messages", "max_tokens", "temperature",
                "top_p", "seed", "stop", "n", "presence_penalty", "frequency_penalty", "user", "stream");
        assertThat(body.getString("model")).isEqualTo("phi-4-mini-instruct");
        assertThat(body.getJsonArray("messages").getJsonObject(0).getString("role")).isEqualTo("system");
        assertThat(body.getJsonArray("messages").getJsonObject(1).getString("content")).isEqualTo("Hello");
        assertThat(body.getInt("max_tokens")).isEqualTo(64);
        assertThat(body.getJsonNumber("top_p").doubleValue()).isEqualTo(0.9);
        assertThat(body.getJsonNumber("seed").longValue()).isEqualTo(42L);
        assertThat(body.getJsonArray("stop").getString(1)).isEqualTo("END");
        assertThat(body.getBoolean("stream")).isFalse();
    }

    @Test
    void leavesUnsetSamplingFieldsOut() throws InterruptedException {
        server.route("/v1/chat/completions", json(200, fixture("chat-completion.json")));

        try (var client = server.client()) {
            client.chat(helloRequest().build());
        }

        assertThat(parse(server.takeRequest().body()).keySet())
                .containsExactlyInAnyOrder("model", "messages", "stream");
    }

    @Test
    void requestBodyReadsBackAsTheBridgesChatCompletionRequest() throws InterruptedException {
        server.route("/v1/chat/completions", json(200, fixture("chat-completion.json")));

        try (var client = server.client()) {
            client.chat(helloRequest().maxTokens(16).topP(0.5).seed(3).build());
        }

        var request = Json.read(server.takeRequest().body(), ChatCompletionRequest.class);
        assertThat(request.model()).isEqualTo("phi-4-mini-instruct");
        assertThat(request.messages()).extracting(dev.airlock.dto.openai.ChatMessage::role)
                .containsExactly("system", "user");
        assertThat(request.maxTokens()).isEqualTo(16);
        assertThat(request.topP()).isEqualTo(0.5);
        assertThat(request.seed()).isEqualTo(3L);
        assertThat(request.isStream()).isFalse();
    }

    @Test
    void sendsBearerAuthorizationWhenApiKeyIsSet() throws InterruptedException {
        server.route("/v1/chat/completions", json(200, fixture("chat-completion.json")));

        try (var client = AirlockClient.builder().baseUrl(server.baseUrl()).apiKey("sk-test-123").build()) {
            client.chat(helloRequest().build());
        }

        assertThat(server.takeRequest().header("Authorization")).isEqualTo("Bearer sk-test-123");
    }

    @Test
    void sendsNoAuthorizationWithoutApiKey() throws InterruptedException {
        server.route("/v1/chat/completions", json(200, fixture("chat-completion.json")));

        try (var client = server.client()) {
            client.chat(helloRequest().build());
        }

        assertThat(server.takeRequest().header("Authorization")).isNull();
    }
}
