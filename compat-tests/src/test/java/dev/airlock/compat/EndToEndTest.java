package dev.airlock.compat;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #2: the main job end to end. A real bridge, a real isolated inference child and the real
 * engine; the answers are checked against greedy decoding computed here from the same checkpoint.
 */
@ExtendWith(SharedAirlock.class)
class EndToEndTest {
    private static final String USER = "Hello";
    private static final int MAX_TOKENS = 12;

    static LiveAirlock airlock;
    static GreedyReference reference;
    static HttpClient http;

    @BeforeAll
    static void start(LiveAirlock live) {
        airlock = live;
        reference = GreedyReference.of(airlock.checkpoint, USER, MAX_TOKENS);
        http = HttpClient.newHttpClient();
    }

    @Test
    void inferenceChildRunsInItsOwnNetworkNamespace() {
        assertThat(airlock.transport.isIsolated()).isTrue();
    }

    @Test
    void rawChatCompletionCarriesTheEnginesGreedyTokens() throws Exception {
        HttpResponse<String> response = post(body(false));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonObject json = parse(response.body());
        assertThat(json.getString("id")).startsWith("chatcmpl-");
        assertThat(json.getString("object")).isEqualTo("chat.completion");
        assertThat(json.getString("model")).isEqualTo(LiveAirlock.MODEL);
        assertThat(json.getJsonNumber("created").longValue()).isPositive();
        JsonObject choice = json.getJsonArray("choices").getJsonObject(0);
        assertThat(choice.getInt("index")).isZero();
        assertThat(choice.getJsonObject("message").getString("role")).isEqualTo("assistant");
        assertThat(choice.getJsonObject("message").getString("content")).isEqualTo(reference.text());
        assertThat(choice.getString("finish_reason")).isEqualTo(reference.finishReason());
        JsonObject usage = json.getJsonObject("usage");
        assertThat(usage.getInt("prompt_tokens")).isEqualTo(reference.promptTokens());
        assertThat(usage.getInt("completion_tokens")).isEqualTo(reference.tokens().size());
        assertThat(usage.getInt("total_tokens")).isEqualTo(reference.promptTokens() + reference.tokens().size());
    }

    @Test
    void rawStreamHasRoleFirstFinishLastUsageThenDone() throws Exception {
        HttpResponse<String> response = post(body(true));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        List<String> events = dataEvents(response.body());
        assertThat(events.getLast()).isEqualTo("[DONE]");
        List<JsonObject> chunks = events.subList(0, events.size() - 1).stream().map(EndToEndTest::parse).toList();
        JsonObject usageChunk = chunks.getLast();
        assertThat(usageChunk.getJsonArray("choices")).isEmpty();
        assertThat(usageChunk.getJsonObject("usage").getInt("completion_tokens")).isEqualTo(reference.tokens().size());
        assertThat(usageChunk.getJsonObject("usage").getInt("prompt_tokens")).isEqualTo(reference.promptTokens());
        List<JsonObject> choiceChunks = chunks.subList(0, chunks.size() - 1);
        assertThat(choiceChunks).allSatisfy(chunk -> {
            assertThat(chunk.getString("object")).isEqualTo("chat.completion.chunk");
            assertThat(chunk.getString("id")).isEqualTo(chunks.getFirst().getString("id"));
            assertThat(chunk.getString("model")).isEqualTo(LiveAirlock.MODEL);
        });
        assertThat(delta(choiceChunks.getFirst()).getString("role")).isEqualTo("assistant");
        assertThat(choiceChunks.subList(1, choiceChunks.size())).noneMatch(c -> delta(c).containsKey("role"));
        assertThat(choiceChunks.subList(0, choiceChunks.size() - 1))
                .allMatch(c -> choice(c).isNull("finish_reason"));
        assertThat(choice(choiceChunks.getLast()).getString("finish_reason")).isEqualTo(reference.finishReason());
        String text = choiceChunks.stream()
                .map(c -> delta(c).containsKey("content") ? delta(c).getString("content") : "")
                .collect(Collectors.joining());
        assertThat(text).isEqualTo(reference.text());
    }

    @Test
    void openAiJavaClientGetsACompletion() {
        OpenAIClient client = openAi();

        ChatCompletion completion = client.chat().completions().create(params());

        assertThat(completion.id()).startsWith("chatcmpl-");
        assertThat(completion.model()).isEqualTo(LiveAirlock.MODEL);
        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().getFirst().message().content()).hasValue(reference.text());
        assertThat(completion.choices().getFirst().finishReason().asString()).isEqualTo(reference.finishReason());
        assertThat(completion.usage()).hasValueSatisfying(usage -> {
            assertThat(usage.promptTokens()).isEqualTo(reference.promptTokens());
            assertThat(usage.completionTokens()).isEqualTo(reference.tokens().size());
        });
    }

    @Test
    void openAiJavaClientStreamsTheSameText() {
        OpenAIClient client = openAi();
        var text = new StringBuilder();
        var finishes = new ArrayList<String>();

        try (var stream = client.chat().completions().createStreaming(params())) {
            stream.stream().forEach(chunk -> collect(chunk, text, finishes));
        }

        assertThat(text.toString()).isEqualTo(reference.text());
        assertThat(finishes).containsExactly(reference.finishReason());
    }

    @Test
    void modelsListServesTheDemoModel() throws Exception {
        var request = HttpRequest.newBuilder(URI.create(airlock.baseUrl() + "/v1/models")).build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject json = parse(response.body());
        assertThat(json.getString("object")).isEqualTo("list");
        assertThat(json.getJsonArray("data").getValuesAs(JsonObject.class))
                .extracting(m -> m.getString("id"))
                .contains(LiveAirlock.MODEL);
    }

    private static void collect(ChatCompletionChunk chunk, StringBuilder text, List<String> finishes) {
        chunk.choices().forEach(choice -> {
            choice.delta().content().ifPresent(text::append);
            choice.finishReason().ifPresent(reason -> finishes.add(reason.asString()));
        });
    }

    private static OpenAIClient openAi() {
        return OpenAIOkHttpClient.builder()
                .baseUrl(airlock.baseUrl() + "/v1")
                .apiKey("any-key")
                .maxRetries(0)
                .build();
    }

    private static ChatCompletionCreateParams params() {
        return ChatCompletionCreateParams.builder()
                .model(LiveAirlock.MODEL)
                .addUserMessage(USER)
                .maxCompletionTokens(MAX_TOKENS)
                .temperature(0.0)
                .build();
    }

    private static String body(boolean stream) {
        return """
                {"model": "%s", "messages": [{"role": "user", "content": "%s"}], "max_tokens": %d,
                 "temperature": 0, "stream": %s, "stream_options": %s}
                """.formatted(LiveAirlock.MODEL, USER, MAX_TOKENS, stream,
                stream ? "{\"include_usage\": true}" : "null");
    }

    private static HttpResponse<String> post(String body) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(airlock.baseUrl() + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> dataEvents(String sse) {
        return sse.lines()
                .filter(line -> line.startsWith("data:"))
                .map(line -> line.substring("data:".length()).strip())
                .toList();
    }

    private static JsonObject parse(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private static JsonObject choice(JsonObject chunk) {
        return chunk.getJsonArray("choices").getJsonObject(0);
    }

    private static JsonObject delta(JsonObject chunk) {
        return choice(chunk).getJsonObject("delta");
    }
}
