package dev.airlock.compat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionNamedToolChoice;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.models.Model;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Issue #6: the unmodified {@code com.openai:openai-java} client against the live bridge, picking
 * the base model or an adapter by {@code model} name. The weights are random, so the tests check
 * shapes, ids, counts, finish reasons, the echoed model and the typed errors, not the words.
 */
@ExtendWith(SharedAirlock.class)
class OpenAiJavaClientTest {
    private static final String USER = "Name three colours.";
    private static final int MAX_TOKENS = 8;

    static OpenAIClient client;
    static RawBridge raw;

    @BeforeAll
    static void connect(LiveAirlock airlock) {
        client = OpenAIOkHttpClient.builder()
                .baseUrl(airlock.baseUrl() + "/v1")
                .apiKey("any-key")
                .maxRetries(0)
                .build();
        raw = new RawBridge(airlock.baseUrl());
    }

    @AfterAll
    static void disconnect() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void chatOnAnAdapterEchoesTheAdapterNameAndCountsTokens() {
        ChatCompletion completion = client.chat().completions().create(params(LiveAirlock.ADAPTER_A).build());

        assertThat(completion.id()).matches("chatcmpl-[0-9a-f]{32}");
        assertThat(completion.model()).isEqualTo(LiveAirlock.ADAPTER_A);
        assertThat(completion.created()).isPositive();
        assertThat(completion.choices()).hasSize(1);
        ChatCompletion.Choice choice = completion.choices().getFirst();
        assertThat(choice.index()).isZero();
        assertThat(choice.message().content()).hasValueSatisfying(text -> assertThat(text).isNotEmpty());
        assertThat(choice.finishReason()).isIn(ChatCompletion.Choice.FinishReason.LENGTH,
                ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage()).hasValueSatisfying(usage -> {
            assertThat(usage.promptTokens()).isPositive();
            assertThat(usage.completionTokens()).isBetween(1L, (long) MAX_TOKENS);
            assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
        });
    }

    @Test
    void greedyChatMatchesTheRawBridgeAnswerForEachServedName() {
        for (String model : List.of(LiveAirlock.MODEL, LiveAirlock.ADAPTER_A, LiveAirlock.ADAPTER_B)) {
            ChatCompletion completion = client.chat().completions().create(params(model).build());

            assertThat(completion.choices().getFirst().message().content())
                    .as("greedy text of %s through openai-java", model)
                    .hasValue(raw.greedyText(model, USER, MAX_TOKENS));
        }
    }

    @Test
    void adaptersChangeTheGreedyAnswer() {
        String base = text(LiveAirlock.MODEL);
        String adapterA = text(LiveAirlock.ADAPTER_A);
        String adapterB = text(LiveAirlock.ADAPTER_B);

        assertThat(adapterA).isNotEqualTo(base);
        assertThat(adapterB).isNotEqualTo(base).isNotEqualTo(adapterA);
    }

    @Test
    void streamOnAnAdapterHasOneIdTheAdapterNameOneFinishAndUsage() {
        var params = params(LiveAirlock.ADAPTER_B)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
        var chunks = new ArrayList<ChatCompletionChunk>();

        try (var stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunks::add);
        }

        assertThat(chunks).extracting(ChatCompletionChunk::id).containsOnly(chunks.getFirst().id());
        assertThat(chunks).extracting(ChatCompletionChunk::model).containsOnly(LiveAirlock.ADAPTER_B);
        var finishes = chunks.stream()
                .flatMap(chunk -> chunk.choices().stream())
                .flatMap(choice -> choice.finishReason().stream())
                .toList();
        assertThat(finishes).hasSize(1);
        String text = chunks.stream()
                .flatMap(chunk -> chunk.choices().stream())
                .flatMap(choice -> choice.delta().content().stream())
                .reduce("", String::concat);
        assertThat(text).isEqualTo(raw.greedyText(LiveAirlock.ADAPTER_B, USER, MAX_TOKENS));
        ChatCompletionChunk last = chunks.getLast();
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage()).hasValueSatisfying(usage ->
                assertThat(usage.completionTokens()).isBetween(1L, (long) MAX_TOKENS));
    }

    @Test
    void maxOneTokenFinishesWithLength() {
        ChatCompletion completion = client.chat().completions().create(params(LiveAirlock.MODEL)
                .maxCompletionTokens(1)
                .build());

        assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
        assertThat(completion.usage()).hasValueSatisfying(usage -> assertThat(usage.completionTokens()).isEqualTo(1));
    }

    @Test
    void nTwoGivesTwoIndexedChoicesEachWithAFinishReason() {
        var params = params(LiveAirlock.ADAPTER_A).n(2).temperature(1.0).seed(5).build();

        ChatCompletion completion = client.chat().completions().create(params);

        assertThat(completion.choices()).extracting(ChatCompletion.Choice::index).containsExactly(0L, 1L);
        assertThat(completion.choices()).allSatisfy(choice -> {
            assertThat(choice.message().content()).isPresent();
            assertThat(choice.finishReason()).isIn(ChatCompletion.Choice.FinishReason.LENGTH,
                    ChatCompletion.Choice.FinishReason.STOP);
        });
        assertThat(completion.model()).isEqualTo(LiveAirlock.ADAPTER_A);
        assertThat(completion.usage()).hasValueSatisfying(usage ->
                assertThat(usage.completionTokens()).isBetween(2L, 2L * MAX_TOKENS));
    }

    @Test
    void streamWithNTwoFinishesEachIndexOnce() {
        var params = params(LiveAirlock.ADAPTER_B).n(2).temperature(1.0).seed(9).build();
        var finishedIndexes = new ArrayList<Long>();

        try (var stream = client.chat().completions().createStreaming(params)) {
            stream.stream()
                    .flatMap(chunk -> chunk.choices().stream())
                    .filter(choice -> choice.finishReason().isPresent())
                    .forEach(choice -> finishedIndexes.add(choice.index()));
        }

        assertThat(finishedIndexes).containsExactlyInAnyOrder(0L, 1L);
    }

    @Test
    void requiredToolChoiceGivesAFunctionCallWithItsRequiredArgument() throws Exception {
        var params = params(LiveAirlock.ADAPTER_A)
                .maxCompletionTokens(64)
                .addTool(weatherTool())
                .toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED)
                .build();

        ChatCompletion completion = client.chat().completions().create(params);

        ChatCompletion.Choice choice = completion.choices().getFirst();
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        var calls = choice.message().toolCalls().orElseThrow();
        assertThat(calls).isNotEmpty().allSatisfy(call -> {
            ChatCompletionMessageFunctionToolCall function = call.asFunction();
            assertThat(function.id()).isNotBlank();
            assertThat(function.function().name()).isEqualTo("get_weather");
            assertThat(RawBridge.parse(function.function().arguments()).containsKey("city")).isTrue();
        });
    }

    @Test
    void namedToolChoiceStreamsToolCallDeltasThatAssembleToTheCall() {
        var params = params(LiveAirlock.ADAPTER_B)
                .maxCompletionTokens(64)
                .addTool(weatherTool())
                .toolChoice(ChatCompletionNamedToolChoice.builder()
                        .function(ChatCompletionNamedToolChoice.Function.builder().name("get_weather").build())
                        .build())
                .build();
        var names = new StringBuilder();
        var arguments = new StringBuilder();
        var finishes = new ArrayList<String>();

        try (var stream = client.chat().completions().createStreaming(params)) {
            stream.stream().flatMap(chunk -> chunk.choices().stream()).forEach(choice -> {
                choice.delta().toolCalls().ifPresent(deltas -> deltas.forEach(delta -> delta.function()
                        .ifPresent(function -> {
                            function.name().ifPresent(names::append);
                            function.arguments().ifPresent(arguments::append);
                        })));
                choice.finishReason().ifPresent(reason -> finishes.add(reason.asString()));
            });
        }

        assertThat(names.toString()).isEqualTo("get_weather");
        assertThat(RawBridge.parse(arguments.toString()).containsKey("city")).isTrue();
        assertThat(finishes).containsExactly("tool_calls");
    }

    @Test
    void toolResultRoundTripIsAnsweredAfterTheToolMessage() {
        var call = ChatCompletionMessageFunctionToolCall.builder()
                .id("call_1")
                .function(ChatCompletionMessageFunctionToolCall.Function.builder()
                        .name("get_weather")
                        .arguments("{\"city\":\"Oslo\"}")
                        .build())
                .build();
        var params = ChatCompletionCreateParams.builder()
                .model(LiveAirlock.ADAPTER_A)
                .addUserMessage("What is the weather in Oslo?")
                .addMessage(ChatCompletionAssistantMessageParam.builder().addToolCall(call).build())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId("call_1").content("12 C").build())
                .addTool(weatherTool())
                .maxCompletionTokens(MAX_TOKENS)
                .temperature(0.0)
                .build();

        ChatCompletion completion = client.chat().completions().create(params);

        assertThat(completion.model()).isEqualTo(LiveAirlock.ADAPTER_A);
        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().getFirst().finishReason()).isIn(ChatCompletion.Choice.FinishReason.LENGTH,
                ChatCompletion.Choice.FinishReason.STOP, ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(completion.usage()).hasValueSatisfying(usage -> assertThat(usage.promptTokens())
                .as("the tool call and its result are part of the prompt")
                .isGreaterThan(raw.chat(LiveAirlock.ADAPTER_A, "What is the weather in Oslo?", 1)
                        .getJsonObject("usage").getInt("prompt_tokens")));
    }

    @Test
    void toolChoiceWithoutToolsIsABadRequestNamingToolChoice() {
        var params = params(LiveAirlock.ADAPTER_A).toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED).build();

        var failure = catchThrowableOfType(BadRequestException.class,
                () -> client.chat().completions().create(params));

        assertThat(failure.statusCode()).isEqualTo(400);
        assertThat(failure.param()).hasValue("tool_choice");
    }

    @Test
    void unknownModelIsNotFoundNamingModel() {
        var params = params("no-such-adapter").build();

        var failure = catchThrowableOfType(NotFoundException.class,
                () -> client.chat().completions().create(params));

        assertThat(failure.statusCode()).isEqualTo(404);
        assertThat(failure.param()).hasValue("model");
        assertThat(failure.code()).hasValue("model_not_found");
    }

    @Test
    void temperatureOutOfRangeIsABadRequestNamingTemperature() {
        var params = params(LiveAirlock.MODEL).temperature(2.5).build();

        var failure = catchThrowableOfType(BadRequestException.class,
                () -> client.chat().completions().create(params));

        assertThat(failure.param()).hasValue("temperature");
    }

    @Test
    void modelsListShowsTheAdaptersWithTheirParent() {
        List<Model> models = client.models().list().data();

        assertThat(models).extracting(Model::id)
                .contains(LiveAirlock.MODEL, LiveAirlock.ADAPTER_A, LiveAirlock.ADAPTER_B);
        Map<String, Model> byId = new HashMap<>();
        models.forEach(model -> byId.put(model.id(), model));
        assertThat(parent(byId.get(LiveAirlock.ADAPTER_A))).isEqualTo(LiveAirlock.MODEL);
        assertThat(parent(byId.get(LiveAirlock.ADAPTER_B))).isEqualTo(LiveAirlock.MODEL);
        assertThat(byId.get(LiveAirlock.MODEL).ownedBy()).isEqualTo("airlock");
    }

    @Test
    void oneAdapterIsRetrievedByName() {
        Model model = client.models().retrieve(LiveAirlock.ADAPTER_B);

        assertThat(model.id()).isEqualTo(LiveAirlock.ADAPTER_B);
        assertThat(parent(model)).isEqualTo(LiveAirlock.MODEL);
    }

    private static String parent(Model model) {
        JsonValue parent = model._additionalProperties().get("parent");
        return parent == null ? null : parent.convert(String.class);
    }

    private static String text(String model) {
        return client.chat().completions().create(params(model).build())
                .choices().getFirst().message().content().orElseThrow();
    }

    private static ChatCompletionFunctionTool weatherTool() {
        return ChatCompletionFunctionTool.builder()
                .function(FunctionDefinition.builder()
                        .name("get_weather")
                        .description("Current weather of a city")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(
                                        Map.of("city", Map.of("type", "string"))))
                                .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                                .build())
                        .build())
                .build();
    }

    private static ChatCompletionCreateParams.Builder params(String model) {
        return ChatCompletionCreateParams.builder()
                .model(model)
                .addUserMessage(USER)
                .maxCompletionTokens(MAX_TOKENS)
                .temperature(0.0);
    }
}
