package dev.airlock.bridge.http;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import dev.airlock.bridge.config.BridgeConfig;

import static dev.airlock.bridge.http.ChatCompletionsTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** The CASES.md cases that need n, logprobs, tools or cancellation, against the fake airlock (issue #5). */
@ServerTest
class CasesTest {
    private static final FakeChannel AIRLOCK = FakeChannel.healthy();
    static final String TOOLS = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"description\":\"Current weather for a city\",\"parameters\":{\"type\":\"object\",\"properties\":"
            + "{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}]";
    private static final String WEATHER = "\"messages\":[{\"role\":\"user\",\"content\":\"What is the weather in Paris?\"}]";
    private static final String NAMED = "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}";

    private final WebClient client;
    private final WebServer server;

    CasesTest(WebClient client, WebServer server) {
        this.client = client;
        this.server = server;
    }

    @SetUpRoute
    static void route(HttpRouting.Builder routing) {
        BridgeServer.routing(routing, AIRLOCK, BridgeConfig.defaults());
    }

    @Test
    void nTwoGivesTwoChoicesWithUsageOverBoth() {
        // BL-04 A
        JsonObject body = json(post("{\"model\":\"phi-4\",\"messages\":[{\"role\":\"user\",\"content\":\"Name a colour.\"}],"
                + "\"n\":2,\"max_tokens\":5,\"temperature\":1.0,\"seed\":7}"));

        JsonArray choices = body.getJsonArray("choices");
        assertThat(choices).hasSize(2);
        assertThat(choices.getJsonObject(0).getInt("index")).isZero();
        assertThat(choices.getJsonObject(1).getInt("index")).isEqualTo(1);
        assertThat(choices.getJsonObject(0).getJsonObject("message").getString("content")).isEqualTo("Hello wörld");
        assertThat(choices.getJsonObject(1).getJsonObject("message").getString("content")).isEqualTo("HELLO WÖRLD");
        choices.forEach(choice -> assertThat(choice.asJsonObject().getString("finish_reason")).isEqualTo("stop"));
        JsonObject usage = body.getJsonObject("usage");
        assertThat(usage.getInt("completion_tokens")).isEqualTo(6);
        assertThat(usage.getInt("prompt_tokens")).isEqualTo(FakeChannel.promptTokens(
                List.of(new dev.airlock.dto.generation.PromptMessage("user", "Name a colour."))));
        assertThat(AIRLOCK.chats.stream().anyMatch(r -> r.choices() == 2 && Long.valueOf(7).equals(r.seed()))).isTrue();
    }

    @Test
    void streamedNTwoHasOneRoleAndOneFinishPerIndexAndOneUsageChunk() {
        // BL-04 B
        List<String> events = SseEvents.data(post("{\"model\":\"phi-4\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"Name a colour.\"}],\"n\":2,\"max_tokens\":5,\"temperature\":1.0,\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true}}").body());

        assertThat(events.getLast()).isEqualTo("[DONE]");
        List<JsonObject> chunks = events.subList(0, events.size() - 1).stream().map(SseEvents::json).toList();
        Map<Integer, Integer> roles = new HashMap<>();
        Map<Integer, Integer> finishes = new HashMap<>();
        int usageChunks = 0;
        for (JsonObject chunk : chunks) {
            if (chunk.getJsonArray("choices").isEmpty()) {
                usageChunks++;
                assertThat(chunk.getJsonObject("usage").getInt("completion_tokens")).isEqualTo(6);
                continue;
            }
            JsonObject choice = chunk.getJsonArray("choices").getJsonObject(0);
            int index = choice.getInt("index");
            assertThat(index).isBetween(0, 1);
            if (choice.getJsonObject("delta").containsKey("role")) {
                roles.merge(index, 1, Integer::sum);
            }
            if (!choice.isNull("finish_reason")) {
                finishes.merge(index, 1, Integer::sum);
            }
        }
        assertThat(roles).isEqualTo(Map.of(0, 1, 1, 1));
        assertThat(finishes).isEqualTo(Map.of(0, 1, 1, 1));
        assertThat(usageChunks).isEqualTo(1);
        assertThat(chunks.getLast().getJsonArray("choices")).isEmpty();
    }

    @Test
    void logprobsWithoutTopLogprobsGiveOneEntryPerTokenWithEmptyAlternatives() {
        // BL-05 A
        JsonObject body = json(post("{\"model\":\"phi-4\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"max_tokens\":3,\"logprobs\":true}"));

        JsonArray content = body.getJsonArray("choices").getJsonObject(0).getJsonObject("logprobs")
                .getJsonArray("content");
        assertThat(content).hasSize(body.getJsonObject("usage").getInt("completion_tokens"));
        for (JsonValue value : content) {
            JsonObject entry = value.asJsonObject();
            assertThat(entry.getString("token")).isNotEmpty();
            assertThat(entry.getJsonNumber("logprob").doubleValue()).isLessThanOrEqualTo(0);
            assertThat(entry.getJsonArray("bytes")).isNotEmpty();
            assertThat(entry.getJsonArray("top_logprobs")).isEmpty();
        }
    }

    @Test
    void topLogprobsAreSortedAndBounded() {
        // BL-05 B
        JsonObject body = json(post("{\"model\":\"phi-4\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"max_tokens\":3,\"logprobs\":true,\"top_logprobs\":2}"));

        JsonArray content = body.getJsonArray("choices").getJsonObject(0).getJsonObject("logprobs")
                .getJsonArray("content");
        for (JsonValue value : content) {
            JsonArray top = value.asJsonObject().getJsonArray("top_logprobs");
            assertThat(top).hasSizeLessThanOrEqualTo(2);
            assertThat(top.getJsonObject(0).getJsonNumber("logprob").doubleValue())
                    .isGreaterThanOrEqualTo(top.getJsonObject(1).getJsonNumber("logprob").doubleValue());
            assertThat(top.getJsonObject(0).keySet()).containsExactlyInAnyOrder("token", "logprob", "bytes");
        }
    }

    @Test
    void streamedLogprobsCoverExactlyTheTokensOfEachChunk() {
        // BL-05 D
        List<String> events = SseEvents.data(post("{\"model\":\"phi-4\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"Hi\"}],\"max_tokens\":3,\"logprobs\":true,\"top_logprobs\":2,\"stream\":true}").body());

        int entries = 0;
        for (String event : events.subList(0, events.size() - 1)) {
            JsonObject choice = SseEvents.json(event).getJsonArray("choices").getJsonObject(0);
            if (choice.getJsonObject("delta").containsKey("content") && !choice.getJsonObject("delta")
                    .getString("content").isEmpty()) {
                JsonArray content = choice.getJsonObject("logprobs").getJsonArray("content");
                assertThat(content).hasSize(1);
                assertThat(content.getJsonObject(0).getString("token"))
                        .isEqualTo(choice.getJsonObject("delta").getString("content"));
                entries += content.size();
            }
        }
        assertThat(entries).isEqualTo(3);
    }

    @Test
    void toolChoiceNoneNeverCallsTools() {
        // BL-06 A: the model is not shown the tools, so its answer is text.
        JsonObject choice = json(post("{\"model\":\"phi-4\"," + WEATHER + "," + TOOLS + ",\"tool_choice\":\"none\","
                + "\"max_tokens\":20}")).getJsonArray("choices").getJsonObject(0);

        assertThat(choice.getJsonObject("message").containsKey("tool_calls")).isFalse();
        assertThat(choice.getJsonObject("message").getString("content")).isEqualTo("Hello wörld");
        assertThat(choice.getString("finish_reason")).isIn("stop", "length");
        assertThat(AIRLOCK.chats.stream().filter(r -> r.messages().getFirst().content().contains("weather")
                && r.tools() == null).count()).isPositive();
    }

    @Test
    void toolChoiceAutoAllowsPlainText() {
        // BL-06 B
        JsonObject choice = json(post("{\"model\":\"phi-4\",\"messages\":[{\"role\":\"user\",\"content\":\"Just say "
                + "hello.\"}]," + TOOLS + ",\"tool_choice\":\"auto\",\"max_tokens\":20}"))
                .getJsonArray("choices").getJsonObject(0);

        assertThat(choice.getJsonObject("message").getString("content")).isEqualTo("Hello wörld");
        assertThat(choice.getJsonObject("message").containsKey("tool_calls")).isFalse();
        assertThat(choice.getString("finish_reason")).isEqualTo("stop");
    }

    @Test
    void toolChoiceNoneWithoutToolsIsAccepted() {
        // BL-06 C
        assertThat(post("{\"model\":\"phi-4\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"tool_choice\":\"none\"}").status()).isEqualTo(200);
    }

    @Test
    void namedUnknownFunctionIs400ToolChoice() {
        // BL-06 D
        assertError(post("{\"model\":\"phi-4\"," + WEATHER + "," + TOOLS + ",\"tool_choice\":{\"type\":\"function\","
                + "\"function\":{\"name\":\"does_not_exist\"}}}"), 400, "tool_choice", "invalid_value");
    }

    @Test
    void autoToolCallIsParsedIntoToolCallsWithFinishToolCalls() {
        JsonObject choice = json(post("{\"model\":\"phi-4\"," + WEATHER + "," + TOOLS + "}"))
                .getJsonArray("choices").getJsonObject(0);

        JsonObject message = choice.getJsonObject("message");
        assertThat(message.isNull("content")).isTrue();
        JsonObject call = message.getJsonArray("tool_calls").getJsonObject(0);
        assertThat(call.getString("id")).startsWith("call_");
        assertThat(call.getString("type")).isEqualTo("function");
        assertThat(call.getJsonObject("function").getString("name")).isEqualTo("get_weather");
        assertThat(SseEvents.json(call.getJsonObject("function").getString("arguments")).getString("city"))
                .isEqualTo("Paris");
        assertThat(choice.getString("finish_reason")).isEqualTo("tool_calls");
    }

    @Test
    void streamedNamedToolCallSendsIdAndNameOnceThenArgumentFragments() {
        // BL-07
        List<String> events = SseEvents.data(post("{\"model\":\"phi-4\"," + WEATHER + "," + TOOLS + "," + NAMED
                + ",\"stream\":true,\"max_tokens\":64,\"temperature\":0}").body());

        assertThat(events.getLast()).isEqualTo("[DONE]");
        var arguments = new StringBuilder();
        int headers = 0;
        int finishes = 0;
        String finish = null;
        for (String event : events.subList(0, events.size() - 1)) {
            JsonObject choice = SseEvents.json(event).getJsonArray("choices").getJsonObject(0);
            if (!choice.isNull("finish_reason")) {
                finishes++;
                finish = choice.getString("finish_reason");
            }
            JsonObject delta = choice.getJsonObject("delta");
            if (!delta.containsKey("tool_calls")) {
                continue;
            }
            JsonObject call = delta.getJsonArray("tool_calls").getJsonObject(0);
            assertThat(call.getInt("index")).isZero();
            if (call.containsKey("id")) {
                headers++;
                assertThat(call.getString("id")).startsWith("call_");
                assertThat(call.getString("type")).isEqualTo("function");
                assertThat(call.getJsonObject("function").getString("name")).isEqualTo("get_weather");
            } else {
                assertThat(call.keySet()).containsExactlyInAnyOrder("index", "function");
                assertThat(call.getJsonObject("function").keySet()).containsExactly("arguments");
            }
            arguments.append(call.getJsonObject("function").getString("arguments"));
        }
        assertThat(headers).isEqualTo(1);
        assertThat(finishes).isEqualTo(1);
        assertThat(finish).isEqualTo("tool_calls");
        assertThat(SseEvents.json(arguments.toString()).getString("city")).isEqualTo("Paris");
        JsonObject twin = json(post("{\"model\":\"phi-4\"," + WEATHER + "," + TOOLS + "," + NAMED
                + ",\"max_tokens\":64,\"temperature\":0}"));
        assertThat(twin.getJsonArray("choices").getJsonObject(0).getJsonObject("message").getJsonArray("tool_calls")
                .getJsonObject(0).getJsonObject("function").getString("arguments")).isEqualTo(arguments.toString());
        assertThat(twin.getJsonArray("choices").getJsonObject(0).getString("finish_reason")).isEqualTo("tool_calls");
    }

    @Test
    void requiredToolChoiceForcesACall() {
        JsonObject choice = json(post("{\"model\":\"phi-4\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + TOOLS + ",\"tool_choice\":\"required\"}")).getJsonArray("choices").getJsonObject(0);

        assertThat(choice.getJsonObject("message").getJsonArray("tool_calls")).hasSize(1);
        assertThat(AIRLOCK.chats.stream().anyMatch(r -> "required".equals(r.toolChoice()) && r.forcesToolCall()))
                .isTrue();
    }

    @Test
    void historyWithToolCallsAndToolResultsIsAccepted() {
        ChatCompletionsTest.Reply reply = post("{\"model\":\"phi-4\",\"messages\":[" + "{\"role\":\"user\","
                + "\"content\":\"Weather in Paris?\"},{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":"
                + "\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":"
                + "\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":"
                + "\"21 C\"}]," + TOOLS + "}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(AIRLOCK.chats.stream().anyMatch(r -> r.messages().size() == 3
                && "[{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}]"
                        .equals(r.messages().get(1).toolCalls()))).isTrue();
    }

    @Test
    void clientDisconnectDuringNonStreamedRequestCancelsTheGeneration() throws Exception {
        // BL-20, second half: no stream to write to, so the whitespace heartbeat notices the client is gone.
        String body = "{\"model\":\"slow-endless\",\"messages\":[{\"role\":\"user\",\"content\":\"story\"}]}";
        try (var socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
        }

        assertThat(AIRLOCK.slowEndlessCancelled.await(10, TimeUnit.SECONDS)).isTrue();
    }

    private ChatCompletionsTest.Reply post(String body) {
        try (HttpClientResponse response = client.post("/v1/chat/completions")
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit(body)) {
            return ChatCompletionsTest.Reply.of(response);
        }
    }

    private static JsonObject json(ChatCompletionsTest.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return SseEvents.json(reply.body().strip());
    }
}
