package dev.airlock.bridge.http;

import java.util.List;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import dev.airlock.bridge.config.BridgeConfig;

import static org.assertj.core.api.Assertions.assertThat;

@ServerTest
class ChatCompletionsTest {
    private static final FakeChannel AIRLOCK = FakeChannel.healthy();
    private static final String HI = "\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]";

    private final WebClient client;

    ChatCompletionsTest(WebClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void route(HttpRouting.Builder routing) {
        BridgeServer.routing(routing, AIRLOCK, BridgeConfig.defaults());
    }

    @Test
    void nonStreamedCompletionHasOpenAiShape() {
        Reply reply = post("{\"model\":\"phi-4\"," + HI + ",\"temperature\":0}");

        JsonObject body = SseEvents.json(reply.body());
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(body.getString("id")).startsWith("chatcmpl-");
        assertThat(body.getString("object")).isEqualTo("chat.completion");
        assertThat(body.getJsonNumber("created").longValue()).isPositive();
        assertThat(body.getString("model")).isEqualTo("phi-4");
        assertThat(body.getString("system_fingerprint")).isNotBlank();
        JsonObject choice = body.getJsonArray("choices").getJsonObject(0);
        assertThat(choice.getInt("index")).isZero();
        assertThat(choice.getJsonObject("message").getString("role")).isEqualTo("assistant");
        assertThat(choice.getJsonObject("message").getString("content")).isEqualTo("Hello wörld");
        assertThat(choice.getString("finish_reason")).isEqualTo("stop");
        JsonObject usage = body.getJsonObject("usage");
        assertThat(usage.getInt("completion_tokens")).isEqualTo(3);
        assertThat(usage.getInt("total_tokens")).isEqualTo(usage.getInt("prompt_tokens") + 3);
    }

    @Test
    void maxTokensCutsTheCompletionWithFinishLength() {
        Reply reply = post("{\"model\":\"phi-4\"," + HI + ",\"max_completion_tokens\":1}");

        JsonObject choice = SseEvents.json(reply.body()).getJsonArray("choices").getJsonObject(0);
        assertThat(choice.getJsonObject("message").getString("content")).isEqualTo("Hel");
        assertThat(choice.getString("finish_reason")).isEqualTo("length");
    }

    @Test
    void streamStartsWithRoleChunkEndsWithDoneAndHasFinishReasonOnlyLast() {
        // BL-03: role first and only there, one data line per event, [DONE] last, no-cache.
        Reply reply = post("{\"model\":\"phi-4\"," + HI + ",\"max_tokens\":5,\"stream\":true}");

        List<String> events = SseEvents.data(reply.body());
        List<JsonObject> chunks = events.subList(0, events.size() - 1).stream().map(SseEvents::json).toList();
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("text/event-stream");
        assertThat(reply.cacheControl()).isEqualTo("no-cache");
        assertThat(reply.body()).doesNotContain("event:");
        assertThat(events.getLast()).isEqualTo("[DONE]");
        JsonObject first = delta(chunks.getFirst());
        assertThat(first.getString("role")).isEqualTo("assistant");
        assertThat(first.getString("content")).isEmpty();
        assertThat(chunks.subList(1, chunks.size()))
                .allSatisfy(chunk -> assertThat(delta(chunk)).doesNotContainKey("role"));
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.getString("object")).isEqualTo("chat.completion.chunk");
            assertThat(chunk.getString("id")).isEqualTo(chunks.getFirst().getString("id"));
            assertThat(chunk.getString("model")).isEqualTo("phi-4");
            assertThat(chunk.get("usage")).isEqualTo(JsonValue.NULL);
        });
        for (int i = 0; i < chunks.size() - 1; i++) {
            assertThat(choice(chunks.get(i)).get("finish_reason")).isEqualTo(JsonValue.NULL);
        }
        assertThat(choice(chunks.getLast()).getString("finish_reason")).isEqualTo("stop");
        assertThat(text(chunks)).isEqualTo("Hello wörld");
    }

    @Test
    void streamWithIncludeUsageEndsWithOneUsageChunkBeforeDone() {
        // BL-01 A
        Reply reply = post("{\"model\":\"phi-4\"," + HI + ",\"max_tokens\":8,\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true}}");

        List<String> events = SseEvents.data(reply.body());
        List<JsonObject> chunks = events.subList(0, events.size() - 1).stream().map(SseEvents::json).toList();
        JsonObject usageChunk = chunks.getLast();
        assertThat(events.getLast()).isEqualTo("[DONE]");
        assertThat(chunks.stream().filter(chunk -> chunk.getJsonArray("choices").isEmpty())).hasSize(1);
        assertThat(usageChunk.getJsonArray("choices")).isEmpty();
        JsonObject usage = usageChunk.getJsonObject("usage");
        assertThat(usage.getInt("prompt_tokens")).isPositive();
        assertThat(usage.getInt("completion_tokens")).isBetween(1, 8);
        assertThat(usage.getInt("total_tokens")).isEqualTo(usage.getInt("prompt_tokens")
                + usage.getInt("completion_tokens"));
        assertThat(chunks.subList(0, chunks.size() - 1))
                .allSatisfy(chunk -> assertThat(chunk.get("usage")).isEqualTo(JsonValue.NULL));
        assertThat(choice(chunks.get(chunks.size() - 2)).getString("finish_reason")).isEqualTo("stop");
        JsonObject plain = SseEvents.json(post("{\"model\":\"phi-4\"," + HI + ",\"max_tokens\":8,"
                + "\"temperature\":0}").body());
        assertThat(usage.getInt("completion_tokens"))
                .isEqualTo(plain.getJsonObject("usage").getInt("completion_tokens"));
    }

    @Test
    void streamWithEmptyStreamOptionsHasNoUsageChunk() {
        // BL-01 B
        Reply reply = post("{\"model\":\"phi-4\"," + HI + ",\"max_tokens\":8,\"stream\":true,\"stream_options\":{}}");

        List<String> events = SseEvents.data(reply.body());
        List<JsonObject> chunks = events.subList(0, events.size() - 1).stream().map(SseEvents::json).toList();
        assertThat(events.getLast()).isEqualTo("[DONE]");
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.get("usage")).isEqualTo(JsonValue.NULL);
            assertThat(chunk.getJsonArray("choices")).isNotEmpty();
        });
    }

    @Test
    void adapterNameIsEchoedInEveryChunk() {
        // BL-14 B
        Reply reply = post("{\"model\":\"adapter-a\"," + HI + ",\"stream\":true}");

        List<String> events = SseEvents.data(reply.body());
        assertThat(events.subList(0, events.size() - 1))
                .allSatisfy(data -> assertThat(SseEvents.json(data).getString("model")).isEqualTo("adapter-a"));
    }

    @Test
    void unknownModelIs404ModelNotFound() {
        // BL-14 A
        Reply reply = post("{\"model\":\"adapter-does-not-exist\"," + HI + ",\"max_tokens\":5}");

        assertError(reply, 404, "model", "model_not_found");
        assertThat(SseEvents.json(reply.body()).getJsonObject("error").getString("message"))
                .contains("adapter-does-not-exist");
    }

    @Test
    void unknownModelWhileStreamingIs404JsonBeforeAnySseByte() {
        Reply reply = post("{\"model\":\"adapter-does-not-exist\"," + HI + ",\"stream\":true}");

        assertError(reply, 404, "model", "model_not_found");
        assertThat(reply.body()).doesNotContain("data:");
    }

    @Test
    void textPartsArePromptedLikeTheSameStrings() {
        // BL-09 A and B: parts concatenate in order into one message.
        Reply parts = post("{\"model\":\"phi-4\",\"messages\":["
                + "{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"You are terse.\"},"
                + "{\"type\":\"text\",\"text\":\" Answer in one word.\"}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Capital of France?\"}]}],"
                + "\"max_tokens\":5}");
        Reply strings = post("{\"model\":\"phi-4\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"You are terse. Answer in one word.\"},"
                + "{\"role\":\"user\",\"content\":\"Capital of France?\"}],\"max_tokens\":5}");

        assertThat(parts.status()).isEqualTo(200);
        assertThat(strings.status()).isEqualTo(200);
        assertThat(promptTokens(parts)).isEqualTo(promptTokens(strings));
    }

    @Test
    void imagePartIs400NamingThePart() {
        // BL-09 C
        Reply reply = post("{\"model\":\"phi-4\",\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"What is this?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0KGgo=\"}}]}]}");

        assertError(reply, 400, "messages[0].content[1]", "unsupported_content_type");
    }

    @Test
    void assistantPartsInHistoryAreAccepted() {
        // BL-09 D
        Reply reply = post("{\"model\":\"phi-4\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Hello.\"}]},"
                + "{\"role\":\"user\",\"content\":\"Again\"}],\"max_tokens\":5}");

        assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    void toolChoiceNoneWithToolsAnswersText() {
        // BL-06 A
        Reply reply = post("{\"model\":\"phi-4\"," + HI + ",\"tools\":[{\"type\":\"function\",\"function\":"
                + "{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}}}],\"tool_choice\":\"none\"}");

        JsonObject choice = SseEvents.json(reply.body()).getJsonArray("choices").getJsonObject(0);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(choice.getJsonObject("message")).doesNotContainKey("tool_calls");
        assertThat(choice.getString("finish_reason")).isIn("stop", "length");
    }

    @Test
    void prettyPrintedJsonIsParsed() {
        Reply reply = post("{\n  \"model\" : \"phi-4\",\n  \"messages\" : [ {\n    \"role\" : \"user\",\n"
                + "    \"content\" : \"hi\"\n  } ],\n  \"stream\" : false\n}");

        assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    void everyResponseCarriesARequestId() {
        try (HttpClientResponse response = client.get("/v1/models").request()) {
            assertThat(response.headers().first(HeaderNames.create("x-request-id"))).hasValueSatisfying(
                    id -> assertThat(id).startsWith("req-"));
        }
    }

    private Reply post(String body) {
        try (HttpClientResponse response = client.post("/v1/chat/completions")
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit(body)) {
            return Reply.of(response);
        }
    }

    static void assertError(Reply reply, int status, String param, String code) {
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/json");
        JsonObject error = SseEvents.json(reply.body()).getJsonObject("error");
        assertThat(error.keySet()).containsExactlyInAnyOrder("message", "type", "param", "code");
        assertThat(error.getString("message")).isNotBlank();
        assertThat(error.getString("type")).isNotBlank();
        if (param == null) {
            assertThat(error.get("param")).isEqualTo(JsonValue.NULL);
        } else {
            assertThat(error.getString("param")).isEqualTo(param);
        }
        if (code != null) {
            assertThat(error.getString("code")).isEqualTo(code);
        }
    }

    private static int promptTokens(Reply reply) {
        return SseEvents.json(reply.body()).getJsonObject("usage").getInt("prompt_tokens");
    }

    private static JsonObject choice(JsonObject chunk) {
        return chunk.getJsonArray("choices").getJsonObject(0);
    }

    private static JsonObject delta(JsonObject chunk) {
        return choice(chunk).getJsonObject("delta");
    }

    private static String text(List<JsonObject> chunks) {
        var text = new StringBuilder();
        for (JsonObject chunk : chunks) {
            if (!chunk.getJsonArray("choices").isEmpty() && delta(chunk).containsKey("content")) {
                text.append(delta(chunk).getString("content"));
            }
        }
        return text.toString();
    }

    /** What a test needs from a response, read before it closes. */
    record Reply(int status, String contentType, String cacheControl, String body) {
        static Reply of(HttpClientResponse response) {
            return new Reply(response.status().code(),
                    response.headers().first(HeaderNames.CONTENT_TYPE).orElse(""),
                    response.headers().first(HeaderNames.CACHE_CONTROL).orElse(""),
                    response.as(String.class));
        }
    }
}
