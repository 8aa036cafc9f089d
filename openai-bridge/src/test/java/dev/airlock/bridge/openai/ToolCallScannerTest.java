package dev.airlock.bridge.openai;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ToolCallScannerTest {
    private static ChoiceAssembler assemble(String text, int pieceLength) {
        var assembler = new ChoiceAssembler(true);
        for (int i = 0; i < text.length(); i += pieceLength) {
            assembler.add(text.substring(i, Math.min(text.length(), i + pieceLength)), List.of());
        }
        assembler.finish();
        return assembler;
    }

    @Test
    void callWithoutClosingTagIsParsed() {
        var assembler = assemble("<|tool_call|>[{\"name\": \"f\", \"arguments\": {\"a\": [1, {\"b\": \"}\"}]}}]", 3);

        assertThat(assembler.toolCalls()).hasSize(1);
        assertThat(assembler.toolCalls().getFirst().function().name()).isEqualTo("f");
        assertThat(assembler.toolCalls().getFirst().function().arguments()).isEqualTo("{\"a\": [1, {\"b\": \"}\"}]}");
        assertThat(assembler.content()).isNull();
        assertThat(assembler.finishReason("stop")).isEqualTo("tool_calls");
    }

    @Test
    void parallelCallsWithoutBracketsAreParsed() {
        var assembler = assemble("<|tool_call|>{\"name\": \"f\", \"arguments\": {}}, {\"name\": \"g\", \"arguments\": "
                + "{\"x\": 1}}<|/tool_call|>", 1);

        assertThat(assembler.toolCalls()).extracting(call -> call.function().name()).containsExactly("f", "g");
        assertThat(assembler.toolCalls().get(1).function().arguments()).isEqualTo("{\"x\": 1}");
        assertThat(assembler.toolCalls().get(0).id()).isNotEqualTo(assembler.toolCalls().get(1).id());
    }

    @Test
    void textThatOnlyLooksLikeATagStartIsContent() {
        var assembler = assemble("a <|tool is not <|tool_call|>nonsense", 2);

        assertThat(assembler.toolCalls()).isEmpty();
        assertThat(assembler.content()).isEqualTo("a <|tool is not <|tool_call|>nonsense");
        assertThat(assembler.finishReason("stop")).isEqualTo("stop");
    }

    @Test
    void contentBeforeACallIsKept() {
        var assembler = assemble("Let me check.<|tool_call|>[{\"name\": \"f\", \"arguments\": {}}]", 4);

        assertThat(assembler.content()).isEqualTo("Let me check.");
        assertThat(assembler.toolCalls()).hasSize(1);
    }

    @Test
    void callCutByTheTokenLimitKeepsItsPartialArguments() {
        var assembler = assemble("<|tool_call|>[{\"name\": \"f\", \"arguments\": {\"a\": \"Par", 5);

        assertThat(assembler.toolCalls().getFirst().function().arguments()).isEqualTo("{\"a\": \"Par");
        assertThat(assembler.finishReason("length")).isEqualTo("length");
    }
}
