package dev.airlock.dto.openai;

import java.util.List;

import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import org.junit.jupiter.api.Test;

import dev.airlock.dto.Json;

import static org.assertj.core.api.Assertions.assertThat;

class OpenAiWireTest {
    @Test
    void chunkWritesNullUsageAndNullFinishReason() {
        var chunk = new ChatCompletionChunk("chatcmpl-1", ChatCompletionChunk.OBJECT, 7, "phi-4", "fp",
                List.of(new ChunkChoice(0, new Delta("assistant", ""), null, null)), null);

        String json = Json.write(chunk);

        assertThat(json).contains("\"usage\":null")
                .contains("\"finish_reason\":null")
                .contains("\"logprobs\":null")
                .contains("\"delta\":{\"content\":\"\",\"role\":\"assistant\"}")
                .contains("\"system_fingerprint\":\"fp\"");
    }

    @Test
    void deltaOmitsAbsentRole() {
        String json = Json.write(new Delta(null, "hi"));

        assertThat(json).isEqualTo("{\"content\":\"hi\"}");
    }

    @Test
    void usageChunkHasEmptyChoicesAndUsage() {
        var chunk = new ChatCompletionChunk("c", ChatCompletionChunk.OBJECT, 1, "m", "fp", List.of(),
                Usage.of(3, 4));

        String json = Json.write(chunk);

        assertThat(json).contains("\"choices\":[]")
                .contains("\"usage\":{\"completion_tokens\":4,\"prompt_tokens\":3,\"total_tokens\":7}");
    }

    @Test
    void errorBodyWritesParamAndCodeAsNull() {
        String json = Json.write(OpenAiError.of("bad", "invalid_request_error", null, null));

        assertThat(json).isEqualTo(
                "{\"error\":{\"code\":null,\"message\":\"bad\",\"param\":null,\"type\":\"invalid_request_error\"}}");
    }

    @Test
    void modelObjectOmitsAbsentParent() {
        String json = Json.write(ModelListResponse.of(List.of(
                new ModelObject("phi-4", ModelObject.OBJECT, 5, "airlock", null),
                new ModelObject("adapter-a", ModelObject.OBJECT, 6, "airlock", "phi-4"))));

        assertThat(json).isEqualTo("{\"data\":[{\"created\":5,\"id\":\"phi-4\",\"object\":\"model\","
                + "\"owned_by\":\"airlock\"},{\"created\":6,\"id\":\"adapter-a\",\"object\":\"model\","
                + "\"owned_by\":\"airlock\",\"parent\":\"phi-4\"}],\"object\":\"list\"}");
    }

    @Test
    void requestReadsStringAndPartContentAndSnakeCaseFields() {
        String body = """
                {"model":"phi-4","max_completion_tokens":5,"stream":true,
                 "stream_options":{"include_usage":true},"stop":["a","b"],"top_p":0.5,
                 "messages":[{"role":"system","content":"be terse"},
                             {"role":"user","content":[{"type":"text","text":"hi"}]}],
                 "unknown_field":{"x":1}}
                """;

        var request = Json.read(body, ChatCompletionRequest.class);

        assertThat(request.model()).isEqualTo("phi-4");
        assertThat(request.maxCompletionTokens()).isEqualTo(5);
        assertThat(request.topP()).isEqualTo(0.5);
        assertThat(request.isStream()).isTrue();
        assertThat(request.includeUsage()).isTrue();
        assertThat(request.stop()).isInstanceOf(JsonArray.class);
        assertThat(request.messages().get(0).content()).isInstanceOf(JsonString.class);
        assertThat(request.messages().get(1).content()).isInstanceOf(JsonArray.class);
    }

    @Test
    void completionRoundTrips() {
        var completion = new ChatCompletion("chatcmpl-x", ChatCompletion.OBJECT, 9, "phi-4", "fp",
                List.of(new Choice(0, AssistantMessage.of("Hello"), null, "stop")), Usage.of(2, 1));

        String json = Json.write(completion);
        var back = Json.read(json, ChatCompletion.class);

        assertThat(json).contains("\"message\":{\"content\":\"Hello\",\"role\":\"assistant\"}")
                .contains("\"logprobs\":null")
                .contains("\"object\":\"chat.completion\"");
        assertThat(back.choices().get(0).message()).isEqualTo(completion.choices().get(0).message());
        assertThat(back.usage()).isEqualTo(completion.usage());
    }
}
