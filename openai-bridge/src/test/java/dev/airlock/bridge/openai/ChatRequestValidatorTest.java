package dev.airlock.bridge.openai;

import org.junit.jupiter.api.Test;

import dev.airlock.dto.generation.GenerationRequest;
import dev.airlock.dto.generation.PromptMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ChatRequestValidatorTest {
    private final ChatRequestParser parser = new ChatRequestParser();
    private final ChatRequestValidator validator = new ChatRequestValidator();

    @Test
    void flattensTextPartsInOrderIntoOneMessage() {
        GenerationRequest request = map("""
                {"model":"phi-4","messages":[{"role":"system","content":[
                  {"type":"text","text":"You are terse."},{"type":"text","text":" Answer in one word."}]}]}
                """);

        assertThat(request.messages()).containsExactly(
                new PromptMessage("system", "You are terse. Answer in one word."));
    }

    @Test
    void developerRoleBecomesSystem() {
        GenerationRequest request = map("{\"model\":\"m\",\"messages\":[{\"role\":\"developer\",\"content\":\"x\"}]}");

        assertThat(request.messages().getFirst().role()).isEqualTo("system");
    }

    @Test
    void maxCompletionTokensWinsAndStopStringBecomesAList() {
        GenerationRequest request = map("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"max_completion_tokens\":7,\"stop\":\"END\",\"temperature\":0}");

        assertThat(request.maxTokens()).isEqualTo(7);
        assertThat(request.stop()).containsExactly("END");
        assertThat(request.temperature()).isZero();
    }

    @Test
    void assistantWithoutContentIsEmptyText() {
        GenerationRequest request = map("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
                + "{\"role\":\"assistant\",\"content\":null}]}");

        assertThat(request.messages().get(1).content()).isEmpty();
    }

    @Test
    void malformedHistoricToolCallsAre400NamingThem() {
        InvalidRequest e = reject("{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"content\":null,"
                + "\"tool_calls\":[{\"id\":\"c1\"}]}]}");

        assertThat(e.param()).isEqualTo("messages[0].tool_calls[0]");
    }

    @Test
    void historicToolCallsAndToolResultsMapToPhi4Format() {
        GenerationRequest request = map("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"w?\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"{\\\"temp\\\": 21}\"}]}");

        assertThat(request.messages().get(1).content()).isEmpty();
        assertThat(request.messages().get(1).toolCalls())
                .isEqualTo("[{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}]");
        assertThat(request.messages().get(2).role()).isEqualTo("tool");
        assertThat(request.messages().get(2).toolCallId()).isEqualTo("call_1");
    }

    @Test
    void toolsAreRenderedAsPhi4FunctionList() {
        GenerationRequest request = map("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"d\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}],"
                + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}}");

        assertThat(request.tools()).isEqualTo("[{\"name\": \"get_weather\", \"description\": \"d\", \"parameters\": "
                + "{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}}}]");
        assertThat(request.toolChoice()).isEqualTo("function");
        assertThat(request.toolName()).isEqualTo("get_weather");
    }

    @Test
    void toolChoiceNoneHidesTheTools() {
        GenerationRequest request = map("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":\"none\"}");

        assertThat(request.tools()).isNull();
        assertThat(request.toolChoice()).isNull();
    }

    @Test
    void integralFloatIsAnInteger() {
        GenerationRequest request = map("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"max_tokens\":5.0}");

        assertThat(request.maxTokens()).isEqualTo(5);
    }

    @Test
    void hugeExponentIsRejectedWithoutExpandingIt() {
        InvalidRequest e = reject("{\"model\":\"m\",\"messages\":[],\"seed\":1e999999999}");

        assertThat(e.param()).isEqualTo("seed");
    }

    private GenerationRequest map(String json) {
        return validator.toGeneration(parser.parse(json));
    }

    private InvalidRequest reject(String json) {
        return catchThrowableOfType(InvalidRequest.class, () -> map(json));
    }
}
