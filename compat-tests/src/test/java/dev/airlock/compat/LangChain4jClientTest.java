package dev.airlock.compat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.ReturnBehavior;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue #6: LangChain4j's {@code langchain4j-open-ai} 1.19.0 models, unmodified, with
 * {@code baseUrl} pointed at the live bridge and an adapter chosen as {@code modelName}.
 */
@ExtendWith(SharedAirlock.class)
class LangChain4jClientTest {
    private static final String USER = "Tell me about airlocks.";
    private static final int MAX_TOKENS = 6;
    private static final long STREAM_TIMEOUT_SECONDS = 60;

    static String baseUrl;
    static RawBridge raw;

    /** What an AI service answers through; the model picks tools from its methods. */
    interface Assistant {
        String chat(String message);
    }

    /** An AI service that hands back the tool executions of its answer. */
    interface ToolAssistant {
        Result<String> chat(String message);
    }

    /**
     * A tool for the AI service. IMMEDIATE: the service returns after running it, since with
     * tool_choice required the model would call it again on every turn.
     */
    static final class Weather {
        final AtomicInteger calls = new AtomicInteger();

        @Tool(value = "Current weather of a city", returnBehavior = ReturnBehavior.IMMEDIATE)
        String weather(@P("the city") String city) {
            calls.incrementAndGet();
            return "12 C in " + city;
        }
    }

    @BeforeAll
    static void connect(LiveAirlock airlock) {
        baseUrl = airlock.baseUrl() + "/v1";
        raw = new RawBridge(airlock.baseUrl());
    }

    @Test
    void chatModelOnAnAdapterGetsTheGreedyAnswerAndMetadata() {
        OpenAiChatModel model = chatModel(LiveAirlock.ADAPTER_A);

        ChatResponse response = model.chat(ChatRequest.builder().messages(UserMessage.from(USER)).build());

        assertThat(response.aiMessage().text()).isEqualTo(raw.greedyText(LiveAirlock.ADAPTER_A, USER, MAX_TOKENS));
        assertThat(response.metadata().id()).matches("chatcmpl-[0-9a-f]{32}");
        assertThat(response.metadata().modelName()).isEqualTo(LiveAirlock.ADAPTER_A);
        assertThat(response.metadata().finishReason()).isIn(FinishReason.LENGTH, FinishReason.STOP);
        assertThat(response.metadata().tokenUsage().inputTokenCount()).isPositive();
        assertThat(response.metadata().tokenUsage().outputTokenCount()).isBetween(1, MAX_TOKENS);
    }

    @Test
    void streamingChatModelOnAnAdapterStreamsTheGreedyAnswerWithUsage() throws Exception {
        OpenAiStreamingChatModel model = OpenAiStreamingChatModel.builder()
                .baseUrl(baseUrl)
                .apiKey("any-key")
                .modelName(LiveAirlock.ADAPTER_B)
                .temperature(0.0)
                .maxTokens(MAX_TOKENS)
                .build();
        var partials = new CopyOnWriteArrayList<String>();
        var done = new CompletableFuture<ChatResponse>();

        model.chat(USER, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                partials.add(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        ChatResponse response = done.get(STREAM_TIMEOUT_SECONDS, TimeUnit.SECONDS);

        String expected = raw.greedyText(LiveAirlock.ADAPTER_B, USER, MAX_TOKENS);
        assertThat(String.join("", partials)).isEqualTo(expected);
        assertThat(response.aiMessage().text()).isEqualTo(expected);
        assertThat(response.metadata().modelName()).isEqualTo(LiveAirlock.ADAPTER_B);
        assertThat(response.metadata().finishReason()).isIn(FinishReason.LENGTH, FinishReason.STOP);
        assertThat(response.metadata().tokenUsage().outputTokenCount()).isBetween(1, MAX_TOKENS);
    }

    @Test
    void adapterNamesGiveDifferentGreedyAnswersThanTheBase() {
        List<String> answers = List.of(LiveAirlock.MODEL, LiveAirlock.ADAPTER_A, LiveAirlock.ADAPTER_B).stream()
                .map(name -> chatModel(name).chat(USER))
                .toList();

        assertThat(answers).doesNotHaveDuplicates();
    }

    // The weights are random, so tool_choice required (a constrained decoding in the airlock)
    // is what makes the model call the tool.
    @Test
    void aiServiceRunsTheToolThatTheModelCalls() {
        var weather = new Weather();
        ToolAssistant assistant = AiServices.builder(ToolAssistant.class)
                .chatModel(OpenAiChatModel.builder()
                        .baseUrl(baseUrl)
                        .apiKey("any-key")
                        .modelName(LiveAirlock.ADAPTER_A)
                        .maxTokens(64)
                        .maxRetries(0)
                        .defaultRequestParameters(OpenAiChatRequestParameters.builder()
                                .toolChoice(ToolChoice.REQUIRED)
                                .build())
                        .build())
                .tools(weather)
                .build();

        Result<String> result = assistant.chat("What is the weather in Oslo?");

        assertThat(result.toolExecutions()).isNotEmpty().allSatisfy(execution -> {
            assertThat(execution.request().name()).isEqualTo("weather");
            assertThat(execution.request().id()).isNotBlank();
            assertThat(execution.hasFailed()).isFalse();
            assertThat(execution.result()).startsWith("12 C in ");
        });
        assertThat(weather.calls.get()).isEqualTo(result.toolExecutions().size());
    }

    @Test
    void aiServiceWithoutToolsAnswersOnAnAdapter() {
        Assistant assistant = AiServices.builder(Assistant.class)
                .chatModel(chatModel(LiveAirlock.ADAPTER_A))
                .build();

        String answer = assistant.chat(USER);

        assertThat(answer).isEqualTo(raw.greedyText(LiveAirlock.ADAPTER_A, USER, MAX_TOKENS));
    }

    @Test
    void unknownModelIsModelNotFound() {
        OpenAiChatModel model = chatModel("no-such-adapter");

        assertThatThrownBy(() -> model.chat(USER))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("model_not_found");
    }

    private static OpenAiChatModel chatModel(String name) {
        return OpenAiChatModel.builder()
                .baseUrl(baseUrl)
                .apiKey("any-key")
                .modelName(name)
                .temperature(0.0)
                .maxTokens(MAX_TOKENS)
                .maxRetries(0)
                .build();
    }
}
