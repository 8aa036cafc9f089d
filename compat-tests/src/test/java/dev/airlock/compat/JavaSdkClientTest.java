package dev.airlock.compat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.airlock.inference.checkpoint.ModelPreset;
import dev.airlock.inference.checkpoint.RandomCheckpoint;
import dev.airlock.inference.checkpoint.SafetensorsDtype;
import dev.airlock.sdk.AirlockClient;
import dev.airlock.sdk.ChatChunk;
import dev.airlock.sdk.ChatCompletion;
import dev.airlock.sdk.ChatRequest;
import dev.airlock.sdk.ChatStream;
import dev.airlock.sdk.Completion;
import dev.airlock.sdk.CompletionRequest;
import dev.airlock.sdk.InvalidRequestException;
import dev.airlock.sdk.ModelInfo;
import dev.airlock.sdk.NotFoundException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Issue #6: our own {@code java-sdk} against the live bridge: everything the bridge serves
 * (chat, streams and early close, completions, tokenize, generate, models, health, errors), and
 * the typed 404 for the adapter routes that the bridge does not serve yet.
 */
@ExtendWith(SharedAirlock.class)
class JavaSdkClientTest {
    private static final String USER = "What is an airlock?";
    private static final int MAX_TOKENS = 8;
    // Nearly the demo's 4096-token context: not cancelled, it would hold the engine for a minute.
    private static final int LONG_MAX_TOKENS = 3500;
    private static final Duration AFTER_CANCEL_LIMIT = Duration.ofSeconds(30);

    static AirlockClient client;
    static RawBridge raw;

    @BeforeAll
    static void connect(LiveAirlock airlock) {
        client = AirlockClient.builder()
                .baseUrl(airlock.baseUrl() + "/v1")
                .apiKey("any-key")
                .connectTimeout(Duration.ofSeconds(5))
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
    void healthIsTrueOnceTheModelIsLoaded() {
        assertThat(client.health()).isTrue();
    }

    @Test
    void modelsListTheBaseAndBothAdaptersWithTheirParent() {
        Map<String, ModelInfo> models = client.models().stream()
                .collect(Collectors.toMap(ModelInfo::id, Function.identity()));

        assertThat(models).containsKeys(LiveAirlock.MODEL, LiveAirlock.ADAPTER_A, LiveAirlock.ADAPTER_B);
        assertThat(models.get(LiveAirlock.MODEL).parent()).isNull();
        assertThat(models.get(LiveAirlock.ADAPTER_A).parent()).isEqualTo(LiveAirlock.MODEL);
        assertThat(models.get(LiveAirlock.ADAPTER_B).parent()).isEqualTo(LiveAirlock.MODEL);
        assertThat(models.values()).extracting(ModelInfo::ownedBy).containsOnly("airlock");
    }

    @Test
    void oneAdapterIsFoundByName() {
        ModelInfo adapter = client.model(LiveAirlock.ADAPTER_A);

        assertThat(adapter.id()).isEqualTo(LiveAirlock.ADAPTER_A);
        assertThat(adapter.parent()).isEqualTo(LiveAirlock.MODEL);
        assertThat(adapter.created()).isPositive();
    }

    @Test
    void unknownModelLookupIsNotFound() {
        var failure = catchThrowableOfType(NotFoundException.class, () -> client.model("no-such-model"));

        assertThat(failure.status()).isEqualTo(404);
        assertThat(failure.code()).isEqualTo("model_not_found");
    }

    @Test
    void chatOnAnAdapterIsTheGreedyAnswerWithTheAdapterName() {
        ChatCompletion completion = client.chat(request(LiveAirlock.ADAPTER_B).build());

        assertThat(completion.id()).matches("chatcmpl-[0-9a-f]{32}");
        assertThat(completion.model()).isEqualTo(LiveAirlock.ADAPTER_B);
        assertThat(completion.systemFingerprint()).isNotBlank();
        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().getFirst().message().role()).isEqualTo("assistant");
        assertThat(completion.choices().getFirst().finishReason()).isIn("length", "stop");
        assertThat(completion.content()).isEqualTo(raw.greedyText(LiveAirlock.ADAPTER_B, USER, MAX_TOKENS));
        assertThat(completion.usage().completionTokens()).isBetween(1, MAX_TOKENS);
        assertThat(completion.usage().totalTokens())
                .isEqualTo(completion.usage().promptTokens() + completion.usage().completionTokens());
    }

    @Test
    void streamOnAnAdapterHasOneIdOneFinishTheGreedyTextAndUsageLast() {
        var chunks = new ArrayList<ChatChunk>();

        try (ChatStream stream = client.chatStream(request(LiveAirlock.ADAPTER_A).streamIncludeUsage(true).build())) {
            stream.forEachRemaining(chunks::add);
        }

        assertThat(chunks).extracting(ChatChunk::id).containsOnly(chunks.getFirst().id());
        assertThat(chunks).extracting(ChatChunk::model).containsOnly(LiveAirlock.ADAPTER_A);
        assertThat(chunks.getFirst().choices().getFirst().delta().role()).isEqualTo("assistant");
        List<String> finishes = chunks.stream()
                .flatMap(chunk -> chunk.choices().stream())
                .map(choice -> choice.finishReason())
                .filter(reason -> reason != null)
                .toList();
        assertThat(finishes).hasSize(1).first().isIn("length", "stop");
        String text = chunks.stream().map(ChatChunk::content).collect(Collectors.joining());
        assertThat(text).isEqualTo(raw.greedyText(LiveAirlock.ADAPTER_A, USER, MAX_TOKENS));
        assertThat(chunks.getLast().choices()).isEmpty();
        assertThat(chunks.getLast().usage().completionTokens()).isBetween(1, MAX_TOKENS);
    }

    @Test
    void streamClosedEarlyEndsQuietlyAndCancelsTheGeneration() {
        var request = request(LiveAirlock.ADAPTER_A).maxTokens(LONG_MAX_TOKENS).temperature(1.0).build();
        var seen = new ArrayList<ChatChunk>();

        try (ChatStream stream = client.chatStream(request)) {
            seen.add(stream.next());
            seen.add(stream.next());
            stream.close();
            assertThat(stream.hasNext()).isFalse();
        }

        long start = System.nanoTime();
        ChatCompletion next = client.chat(request(LiveAirlock.MODEL).build());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(seen).hasSize(2);
        assertThat(next.choices()).hasSize(1);
        assertThat(took).as("the next request waits for a cancelled generation").isLessThan(AFTER_CANCEL_LIMIT);
    }

    @Test
    void streamAsJavaStreamCollectsTheGreedyText() {
        String text;

        try (Stream<ChatChunk> chunks = client.chatStream(request(LiveAirlock.MODEL).build()).stream()) {
            text = chunks.map(ChatChunk::content).collect(Collectors.joining());
        }

        assertThat(text).isEqualTo(raw.greedyText(LiveAirlock.MODEL, USER, MAX_TOKENS));
    }

    @Test
    void chatOnAnUnknownModelIsNotFoundNamingModel() {
        var failure = catchThrowableOfType(NotFoundException.class,
                () -> client.chat(request("no-such-adapter").build()));

        assertThat(failure.param()).isEqualTo("model");
        assertThat(failure.code()).isEqualTo("model_not_found");
    }

    @Test
    void streamOnAnUnknownModelFailsBeforeTheFirstChunk() {
        var failure = catchThrowableOfType(NotFoundException.class,
                () -> client.chatStream(request("no-such-adapter").build()).close());

        assertThat(failure.status()).isEqualTo(404);
        assertThat(failure.param()).isEqualTo("model");
    }

    @Test
    void nTwoGivesTwoIndexedChoices() {
        ChatCompletion completion = client.chat(request(LiveAirlock.ADAPTER_A).n(2).temperature(1.0).seed(3).build());

        assertThat(completion.choices()).extracting(choice -> choice.index()).containsExactly(0, 1);
        assertThat(completion.choices()).allSatisfy(choice -> assertThat(choice.finishReason()).isIn("length", "stop"));
    }

    @Test
    void penaltiesAreHonouredOnAnAdapter() {
        ChatCompletion completion = client.chat(request(LiveAirlock.ADAPTER_A)
                .presencePenalty(0.5)
                .frequencyPenalty(0.5)
                .build());

        assertThat(completion.model()).isEqualTo(LiveAirlock.ADAPTER_A);
        assertThat(completion.usage().completionTokens()).isBetween(1, MAX_TOKENS);
    }

    @Test
    void completionOnAnAdapterEchoesItAndCountsTokens() {
        Completion completion = client.completions(CompletionRequest.builder()
                .model(LiveAirlock.ADAPTER_B)
                .prompt("Once upon a time")
                .maxTokens(4)
                .temperature(0.0)
                .build());

        assertThat(completion.model()).isEqualTo(LiveAirlock.ADAPTER_B);
        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().getFirst().finishReason()).isIn("length", "stop");
        assertThat(completion.usage().completionTokens()).isBetween(1, 4);
    }

    @Test
    void tokenizeThenDetokenizeGivesThePromptBack() {
        List<Integer> tokens = client.tokenize(LiveAirlock.ADAPTER_A, "Hello airlock");

        String text = client.detokenize(LiveAirlock.ADAPTER_A, tokens);

        assertThat(tokens).isNotEmpty();
        assertThat(text).isEqualTo("Hello airlock");
    }

    @Test
    void generateAnswersPlainTextForAnAdapter() {
        String text = client.generate(LiveAirlock.ADAPTER_A, "Once upon a time", 4);

        assertThat(text).isNotNull();
    }

    // Adapter load/unload is not served by the bridge yet (BL-15): the SDK gets its typed 404.
    @Test
    void adapterLoadsServesAndUnloads(@TempDir Path dir) {
        Path folder = dir.resolve("sdk-adapter");
        RandomCheckpoint.writeAdapter(folder, ModelPreset.demo(), 4, 37, SafetensorsDtype.F32);

        client.loadAdapter("sdk-adapter", folder.toString());
        ChatCompletion answer = client.chat(request("sdk-adapter").build());
        List<ModelInfo> loaded = client.models();
        client.unloadAdapter("sdk-adapter");

        assertThat(answer.model()).isEqualTo("sdk-adapter");
        assertThat(loaded).anySatisfy(model -> {
            assertThat(model.id()).isEqualTo("sdk-adapter");
            assertThat(model.parent()).isEqualTo(LiveAirlock.MODEL);
        });
        assertThat(client.models()).extracting(ModelInfo::id).doesNotContain("sdk-adapter")
                .contains(LiveAirlock.ADAPTER_B);
        var gone = catchThrowableOfType(NotFoundException.class, () -> client.chat(request("sdk-adapter").build()));
        assertThat(gone.code()).isEqualTo("model_not_found");
        var missing = catchThrowableOfType(InvalidRequestException.class,
                () -> client.loadAdapter("sdk-missing", dir.resolve("none").toString()));
        assertThat(missing.status()).isEqualTo(400);
    }

    private static ChatRequest.Builder request(String model) {
        return ChatRequest.builder()
                .model(model)
                .addUserMessage(USER)
                .maxTokens(MAX_TOKENS)
                .temperature(0.0);
    }
}
