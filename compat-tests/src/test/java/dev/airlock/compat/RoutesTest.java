package dev.airlock.compat;

import java.net.http.HttpResponse;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue #5: text completions, tokenize/detokenize, /generate and the sampling extras on the real engine. */
@ExtendWith(SharedAirlock.class)
class RoutesTest {
    private static final String M = LiveAirlock.MODEL;

    static RawBridge raw;

    @BeforeAll
    static void start(LiveAirlock live) {
        raw = new RawBridge(live.baseUrl());
    }

    private static JsonObject ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return RawBridge.parse(response.body().strip());
    }

    @Test
    void tokenizeAndDetokenizeRoundTrip() {
        JsonObject tokens = ok(raw.post("/tokenize", "{\"model\":\"" + M + "\",\"prompt\":\"Hello wörld\"}"));
        JsonArray ids = tokens.getJsonArray("tokens");

        assertThat(tokens.getInt("count")).isEqualTo(ids.size()).isPositive();
        assertThat(ok(raw.post("/detokenize", "{\"model\":\"" + M + "\",\"tokens\":" + ids + "}")).getString("prompt"))
                .isEqualTo("Hello wörld");
        assertThat(raw.post("/detokenize", "{\"model\":\"" + M + "\",\"tokens\":[999999999]}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void chatTokenizeCountsThePromptAsTheCompletionDoes() {
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]";
        int count = ok(raw.post("/tokenize", "{\"model\":\"" + M + "\"," + messages + "}")).getInt("count");
        int prompt = ok(raw.post("/v1/chat/completions", "{\"model\":\"" + M + "\"," + messages + ",\"max_tokens\":1}"))
                .getJsonObject("usage").getInt("prompt_tokens");

        assertThat(count).isEqualTo(prompt);
    }

    @Test
    void textCompletionGreedyTextEqualsGenerateAndStream() {
        String prompt = "\"prompt\":\"Once upon a time\",\"max_tokens\":6,\"temperature\":0";
        JsonObject completion = ok(raw.post("/v1/completions", "{\"model\":\"" + M + "\"," + prompt + "}"));
        String text = completion.getJsonArray("choices").getJsonObject(0).getString("text");
        HttpResponse<String> generate = raw.post("/generate", "{\"model\":\"" + M + "\",\"prompt\":\"Once upon a time\","
                + "\"max_tokens\":6}");
        String streamed = raw.post("/v1/completions", "{\"model\":\"" + M + "\"," + prompt + ",\"stream\":true}").body();

        assertThat(completion.getString("object")).isEqualTo("text_completion");
        assertThat(completion.getJsonObject("usage").getInt("completion_tokens")).isBetween(1, 6);
        assertThat(generate.statusCode()).isEqualTo(200);
        assertThat(generate.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        var joined = new StringBuilder();
        for (String block : streamed.split("\n\n")) {
            String data = block.startsWith("data:") ? block.substring("data:".length()).strip() : "";
            if (data.startsWith("{")) {
                joined.append(RawBridge.parse(data).getJsonArray("choices").getJsonObject(0).getString("text"));
            }
        }
        assertThat(joined.toString()).isEqualTo(text);
        assertThat(streamed.strip()).endsWith("[DONE]");
    }

    @Test
    void logitBiasBansTheGreedyFirstToken() {
        String base = "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"max_tokens\":1,\"temperature\":0,"
                + "\"logprobs\":true";
        JsonObject first = ok(raw.post("/v1/chat/completions", "{\"model\":\"" + M + "\"," + base + "}"));
        String token = first.getJsonArray("choices").getJsonObject(0).getJsonObject("logprobs").getJsonArray("content")
                .getJsonObject(0).getString("token");
        int id = ok(raw.post("/tokenize", "{\"model\":\"" + M + "\",\"prompt\":" + jakarta.json.Json.createValue(token)
                + "}")).getJsonArray("tokens").getInt(0);

        JsonObject banned = ok(raw.post("/v1/chat/completions", "{\"model\":\"" + M + "\"," + base
                + ",\"logit_bias\":{\"" + id + "\":-100}}"));

        assertThat(banned.getJsonArray("choices").getJsonObject(0).getJsonObject("logprobs").getJsonArray("content")
                .getJsonObject(0).getString("token")).isNotEqualTo(token);
    }

    @Test
    void penaltiesAndSamplerExtrasAreAccepted() {
        for (String extra : new String[] {"\"repetition_penalty\":1.3", "\"presence_penalty\":1.5",
                "\"frequency_penalty\":1.0", "\"top_k\":5,\"temperature\":1,\"seed\":3", "\"min_p\":0.2,\"temperature\":1"}) {
            assertThat(raw.post("/v1/chat/completions", "{\"model\":\"" + M + "\",\"messages\":[{\"role\":\"user\","
                    + "\"content\":\"Hello\"}],\"max_tokens\":4," + extra + "}").statusCode()).as(extra).isEqualTo(200);
        }
    }
}
