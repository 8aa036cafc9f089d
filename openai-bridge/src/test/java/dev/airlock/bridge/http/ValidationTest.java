package dev.airlock.bridge.http;

import java.util.stream.Stream;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.airlock.bridge.config.BridgeConfig;

import static dev.airlock.bridge.http.ChatCompletionsTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

@ServerTest
class ValidationTest {
    private static final FakeChannel AIRLOCK = FakeChannel.healthy();
    private static final String M = "\"model\":\"phi-4\"";
    private static final String HI = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    private static final String TOOLS = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"parameters\":{\"type\":\"object\"}}}]";

    private final WebClient client;

    ValidationTest(WebClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void route(HttpRouting.Builder routing) {
        BridgeServer.routing(routing, AIRLOCK, BridgeConfig.defaults());
    }

    static Stream<Arguments> invalidRequests() {
        return Stream.of(
                // BL-10 table
                Arguments.of("{" + M + ",\"messages\":[]}", "messages"),
                Arguments.of("{" + M + "}", "messages"),
                Arguments.of("{" + M + "," + HI + ",\"max_tokens\":0}", "max_tokens"),
                Arguments.of("{" + M + "," + HI + ",\"max_tokens\":-5}", "max_tokens"),
                Arguments.of("{" + M + "," + HI + ",\"temperature\":3}", "temperature"),
                Arguments.of("{" + M + ",\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}",
                        "messages[0].role"),
                Arguments.of("{", null),
                // the rest of the strict checks
                Arguments.of("{" + HI + "}", "model"),
                Arguments.of("{\"model\":\"\"," + HI + "}", "model"),
                Arguments.of("{" + M + "," + HI + ",\"max_completion_tokens\":0}", "max_completion_tokens"),
                Arguments.of("{" + M + "," + HI + ",\"temperature\":-0.1}", "temperature"),
                Arguments.of("{" + M + "," + HI + ",\"top_p\":0}", "top_p"),
                Arguments.of("{" + M + "," + HI + ",\"top_p\":1.5}", "top_p"),
                Arguments.of("{" + M + "," + HI + ",\"n\":0}", "n"),
                Arguments.of("{" + M + "," + HI + ",\"n\":129}", "n"),
                Arguments.of("{" + M + ",\"messages\":[{\"content\":\"hi\"}]}", "messages[0].role"),
                Arguments.of("{" + M + ",\"messages\":[{\"role\":\"user\"}]}", "messages[0].content"),
                Arguments.of("{" + M + ",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"video\"}]}]}",
                        "messages[0].content[0]"),
                Arguments.of("{" + M + ",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\","
                        + "\"input_audio\":{\"data\":\"\",\"format\":\"wav\"}}]}]}", "messages[0].content[0]"),
                Arguments.of("{" + M + ",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]}",
                        "messages[0].content[0].text"),
                Arguments.of("{" + M + "," + HI + ",\"top_logprobs\":2}", "top_logprobs"),
                Arguments.of("{" + M + "," + HI + ",\"logprobs\":true,\"top_logprobs\":21}", "top_logprobs"),
                Arguments.of("{" + M + "," + HI + ",\"stream_options\":{\"include_usage\":true}}", "stream_options"),
                Arguments.of("{" + M + "," + HI + ",\"stop\":[\"\"]}", "stop[0]"),
                Arguments.of("{" + M + "," + HI + ",\"tool_choice\":\"required\"}", "tool_choice"),
                // wrong JSON types
                Arguments.of("{\"model\":4," + HI + "}", "model"),
                Arguments.of("{" + M + ",\"messages\":\"hi\"}", "messages"),
                Arguments.of("{" + M + ",\"messages\":[\"hi\"]}", "messages[0]"),
                Arguments.of("{" + M + ",\"messages\":[{\"role\":\"user\",\"content\":5}]}", "messages[0].content"),
                Arguments.of("{" + M + "," + HI + ",\"max_tokens\":\"10\"}", "max_tokens"),
                Arguments.of("{" + M + "," + HI + ",\"max_tokens\":1.5}", "max_tokens"),
                Arguments.of("{" + M + "," + HI + ",\"max_tokens\":1e400}", "max_tokens"),
                Arguments.of("{" + M + "," + HI + ",\"temperature\":\"hot\"}", "temperature"),
                Arguments.of("{" + M + "," + HI + ",\"stream\":\"yes\"}", "stream"),
                Arguments.of("{" + M + "," + HI + ",\"stream\":true,\"stream_options\":[]}", "stream_options"),
                Arguments.of("{" + M + "," + HI + ",\"stop\":{}}", "stop"),
                Arguments.of("{" + M + "," + HI + ",\"stop\":[1]}", "stop[0]"),
                Arguments.of("{" + M + "," + HI + ",\"seed\":\"x\"}", "seed"),
                Arguments.of("[]", null),
                Arguments.of("\"hello\"", null),
                Arguments.of("", null));
    }

    @ParameterizedTest
    @MethodSource("invalidRequests")
    void invalidRequestIs400NamingTheParam(String body, String param) {
        Reply reply = post(body);

        assertError(reply.asChatReply(), 400, param, null);
    }

    static Stream<Arguments> unsupportedParameters() {
        // BL-13: a response format we do not enforce is a 400, never a silent drop.
        return Stream.of(
                Arguments.of("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"c\","
                        + "\"schema\":{\"type\":\"object\"}}}", "response_format"),
                Arguments.of("\"response_format\":{\"type\":\"json_object\"}", "response_format"),
                Arguments.of("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\","
                        + "\"schema\":{\"type\":\"objekt\"}}}", "response_format"),
                Arguments.of(TOOLS + ",\"response_format\":{\"type\":\"json_object\"}", "response_format"));
    }

    static Stream<Arguments> nowSupportedParameters() {
        return Stream.of(
                Arguments.of("\"n\":2"),
                Arguments.of("\"logprobs\":true"),
                Arguments.of("\"logprobs\":true,\"top_logprobs\":3"),
                Arguments.of(TOOLS),
                Arguments.of(TOOLS + ",\"tool_choice\":\"auto\""),
                Arguments.of(TOOLS + ",\"tool_choice\":\"required\""),
                Arguments.of(TOOLS + ",\"tool_choice\":\"none\""),
                Arguments.of("\"tool_choice\":\"none\""),
                Arguments.of(TOOLS + ",\"parallel_tool_calls\":false"),
                Arguments.of("\"logit_bias\":{\"50256\":-100}"),
                Arguments.of("\"presence_penalty\":0.5"),
                Arguments.of("\"frequency_penalty\":-1"),
                Arguments.of("\"top_k\":40"),
                Arguments.of("\"min_p\":0.1"),
                Arguments.of("\"repetition_penalty\":1.2"),
                Arguments.of("\"response_format\":{\"type\":\"text\"}"));
    }

    @ParameterizedTest
    @MethodSource("nowSupportedParameters")
    void supportedParameterIsAcceptedAndReachesTheAirlock(String field) {
        Reply reply = post("{" + M + "," + HI + "," + field + "}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    static Stream<Arguments> badSamplingParameters() {
        return Stream.of(
                Arguments.of("\"n\":0", "n"),
                Arguments.of("\"n\":129", "n"),
                Arguments.of("\"top_logprobs\":2", "top_logprobs"),
                Arguments.of("\"logprobs\":true,\"top_logprobs\":21", "top_logprobs"),
                Arguments.of("\"logit_bias\":{\"abc\":1}", "logit_bias"),
                Arguments.of("\"logit_bias\":{\"5\":101}", "logit_bias"),
                Arguments.of("\"logit_bias\":[1]", "logit_bias"),
                Arguments.of("\"presence_penalty\":2.5", "presence_penalty"),
                Arguments.of("\"top_k\":-2", "top_k"),
                Arguments.of("\"min_p\":1.5", "min_p"),
                Arguments.of("\"repetition_penalty\":0", "repetition_penalty"),
                Arguments.of(TOOLS + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"nope\"}}",
                        "tool_choice"),
                Arguments.of(TOOLS + ",\"tool_choice\":\"sometimes\"", "tool_choice"),
                Arguments.of("\"tool_choice\":\"required\"", "tool_choice"),
                Arguments.of("\"tools\":[{\"type\":\"function\"}]", "tools[0]"),
                Arguments.of("\"tools\":{}", "tools"));
    }

    @ParameterizedTest
    @MethodSource("badSamplingParameters")
    void outOfRangeParameterIs400NamingIt(String field, String param) {
        // BL-04 C, BL-05 C, BL-06 D, BL-10
        Reply reply = post("{" + M + "," + HI + "," + field + "}");

        assertError(reply.asChatReply(), 400, param, null);
    }

    @ParameterizedTest
    @MethodSource("unsupportedParameters")
    void unsupportedParameterIs400NamingIt(String field, String param) {
        Reply reply = post("{" + M + "," + HI + "," + field + "}");

        assertError(reply.asChatReply(), 400, param, null);
        assertThat(reply.body()).contains("not supported");
    }

    @Test
    void emptyMessagesHasCodeEmptyArray() {
        Reply reply = post("{" + M + ",\"messages\":[]}");

        assertError(reply.asChatReply(), 400, "messages", "empty_array");
    }

    @Test
    void notJsonSaysSo() {
        Reply reply = post("{");

        assertThat(reply.body()).contains("not valid JSON");
    }

    @Test
    void negativeMaxTokensMessageQuotesOnlyWhatWasSent() {
        Reply reply = post("{" + M + "," + HI + ",\"max_tokens\":-5}");

        assertThat(reply.body()).contains("-5").doesNotContain("-45");
    }

    @Test
    void invalidRequestsGenerateNothing() {
        int before = AIRLOCK.chats.size();

        post("{" + M + "," + HI + ",\"temperature\":3}");

        assertThat(AIRLOCK.chats).hasSize(before);
    }

    @Test
    void neutralValuesOfUnsupportedParametersAreAccepted() {
        Reply reply = post("{" + M + "," + HI + ",\"n\":1,\"logprobs\":false,\"presence_penalty\":0,"
                + "\"frequency_penalty\":0,\"logit_bias\":{},\"top_k\":-1,\"min_p\":0,\"repetition_penalty\":1,"
                + "\"response_format\":{\"type\":\"text\"},\"tool_choice\":\"none\",\"user\":\"u1\","
                + "\"some_future_field\":[1,2,3]}");

        assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    void stopAndSeedReachTheAirlock() {
        post("{\"model\":\"adapter-a\"," + HI + ",\"stop\":[\"\\n\",\"END\"],\"seed\":7,\"top_p\":0.9}");

        var sent = AIRLOCK.chats.stream().filter(chat -> chat.model().equals("adapter-a")).findFirst().orElseThrow();
        assertThat(sent.stop()).containsExactly("\n", "END");
        assertThat(sent.seed()).isEqualTo(7L);
        assertThat(sent.topP()).isEqualTo(0.9);
    }

    private Reply post(String body) {
        try (HttpClientResponse response = client.post("/v1/chat/completions")
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit(body)) {
            return new Reply(ChatCompletionsTest.Reply.of(response));
        }
    }

    private record Reply(ChatCompletionsTest.Reply reply) {
        ChatCompletionsTest.Reply asChatReply() {
            return reply;
        }

        int status() {
            return reply.status();
        }

        String body() {
            return reply.body();
        }
    }
}
