package dev.airlock.sdk;

import java.io.StringReader;
import java.util.List;

import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.airlock.dto.Json;
import dev.airlock.dto.openai.ModelListResponse;
import dev.airlock.dto.openai.ModelObject;

import static dev.airlock.sdk.StandInServer.json;
import static dev.airlock.sdk.StandInServer.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AirlockClientRoutesTest {
    private static final String MODEL = "phi-4-mini-instruct";

    private final StandInServer server = StandInServer.start();

    @AfterEach
    void stopServer() {
        server.close();
    }

    private static JsonObject parse(String json) {
        return JsonProvider.provider().createReader(new StringReader(json)).readObject();
    }

    @Test
    void listsModelsAsTheBridgeWritesThem() {
        var list = ModelListResponse.of(List.of(
                new ModelObject(MODEL, ModelObject.OBJECT, 1700000000L, "airlock", null),
                new ModelObject("support-bot", ModelObject.OBJECT, 1700000001L, "airlock", MODEL)));
        server.route("/v1/models", json(200, Json.write(list)));

        List<ModelInfo> models;
        try (var client = server.client()) {
            models = client.models();
        }

        assertThat(models).containsExactly(
                new ModelInfo(MODEL, 1700000000L, "airlock", null),
                new ModelInfo("support-bot", 1700000001L, "airlock", MODEL));
    }

    @Test
    void describesOneModelWithItsIdEncodedInThePath() throws InterruptedException {
        server.route("/v1/models/", json(200, "{\"id\":\"microsoft/Phi-4\",\"object\":\"model\","
                + "\"created\":5,\"owned_by\":\"airlock\"}"));

        ModelInfo model;
        try (var client = server.client()) {
            model = client.model("microsoft/Phi-4");
        }

        assertThat(model).isEqualTo(new ModelInfo("microsoft/Phi-4", 5L, "airlock", null));
        assertThat(server.takeRequest().path()).isEqualTo("/v1/models/microsoft%2FPhi-4");
    }

    @Test
    void healthIsTrueFor200() {
        server.route("/health", json(200, "{\"status\":\"ok\"}"));

        try (var client = server.client()) {
            assertThat(client.health()).isTrue();
        }
    }

    @Test
    void healthIsFalseFor503() {
        server.route("/health", json(503, "{\"status\":\"unavailable\"}"));

        try (var client = server.client()) {
            assertThat(client.health()).isFalse();
        }
    }

    @Test
    void sendsAndParsesPlainTextCompletion() throws InterruptedException {
        server.route("/v1/completions", json(200, "{\"id\":\"cmpl-1\",\"object\":\"text_completion\","
                + "\"created\":9,\"model\":\"phi-4-mini-instruct\",\"choices\":[{\"index\":0,\"text\":\" there\","
                + "\"logprobs\":null,\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":1,"
                + "\"completion_tokens\":1,\"total_tokens\":2}}"));

        Completion completion;
        try (var client = server.client()) {
            completion = client.completions(CompletionRequest.builder()
                    .model(MODEL)
                    .prompt("Hello")
                    .maxTokens(1)
                    .temperature(0)
                    .build());
        }

        assertThat(completion.text()).isEqualTo(" there");
        assertThat(completion.choices().getFirst().finishReason()).isEqualTo("length");
        assertThat(completion.usage()).isEqualTo(new Usage(1, 1, 2));
        JsonObject body = parse(server.takeRequest().body());
        assertThat(body.getString("prompt")).isEqualTo("Hello");
        assertThat(body.getInt("max_tokens")).isEqualTo(1);
        assertThat(body.getBoolean("stream")).isFalse();
    }

    @Test
    void tokenizeSendsModelAndPromptAndReadsTokens() throws InterruptedException {
        server.route("/tokenize", json(200, "{\"count\":3,\"max_model_len\":4096,\"tokens\":[9906,1917,0]}"));

        List<Integer> tokens;
        try (var client = server.client()) {
            tokens = client.tokenize(MODEL, "Hello world!");
        }

        assertThat(tokens).containsExactly(9906, 1917, 0);
        JsonObject body = parse(server.takeRequest().body());
        assertThat(body.getString("model")).isEqualTo(MODEL);
        assertThat(body.getString("prompt")).isEqualTo("Hello world!");
    }

    @Test
    void detokenizeSendsTokensAndReadsPrompt() throws InterruptedException {
        server.route("/detokenize", json(200, "{\"prompt\":\"Hello world!\"}"));

        String prompt;
        try (var client = server.client()) {
            prompt = client.detokenize(MODEL, List.of(9906, 1917, 0));
        }

        assertThat(prompt).isEqualTo("Hello world!");
        JsonObject body = parse(server.takeRequest().body());
        assertThat(body.getJsonArray("tokens").getValuesAs(jakarta.json.JsonNumber::intValue))
                .containsExactly(9906, 1917, 0);
    }

    @Test
    void loadAdapterSendsLoraNameAndPath() throws InterruptedException {
        server.route("/v1/load_lora_adapter", text(200, "Success: LoRA adapter 'support-bot' added."));

        try (var client = server.client()) {
            client.loadAdapter("support-bot", "/adapters/support-bot");
        }

        var received = server.takeRequest();
        assertThat(received.path()).isEqualTo("/v1/load_lora_adapter");
        assertThat(parse(received.body())).isEqualTo(parse(
                "{\"lora_name\":\"support-bot\",\"lora_path\":\"/adapters/support-bot\"}"));
    }

    @Test
    void unloadAdapterSendsLoraName() throws InterruptedException {
        server.route("/v1/unload_lora_adapter", text(200, "Success"));

        try (var client = server.client()) {
            client.unloadAdapter("support-bot");
        }

        assertThat(parse(server.takeRequest().body())).isEqualTo(parse("{\"lora_name\":\"support-bot\"}"));
    }

    @Test
    void unknownAdapterIsNotFound() {
        server.route("/v1/unload_lora_adapter", json(404, "{\"error\":{\"message\":\"no adapter 'x'\","
                + "\"type\":\"invalid_request_error\",\"param\":\"lora_name\",\"code\":null}}"));

        try (var client = server.client()) {
            assertThatThrownBy(() -> client.unloadAdapter("x"))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("no adapter 'x'");
        }
    }

    @Test
    void generateReturnsThePlainTextAnswer() throws InterruptedException {
        server.route("/generate", text(200, "Once upon a time"));

        String answer;
        try (var client = server.client()) {
            answer = client.generate(MODEL, "Tell a story", 8);
        }

        assertThat(answer).isEqualTo("Once upon a time");
        assertThat(parse(server.takeRequest().body())).isEqualTo(parse(
                "{\"model\":\"phi-4-mini-instruct\",\"prompt\":\"Tell a story\",\"max_tokens\":8}"));
    }
}
