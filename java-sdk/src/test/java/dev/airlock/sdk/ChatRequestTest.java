package dev.airlock.sdk;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatRequestTest {
    private static ChatRequest.Builder valid() {
        return ChatRequest.builder()
                .model("phi-4-mini-instruct")
                .addUserMessage("Hello");
    }

    @Test
    void buildsConversationInOrder() {
        ChatRequest request = ChatRequest.builder()
                .model("phi-4-mini-instruct")
                .addSystemMessage("Be brief.")
                .addUserMessage("Hi")
                .addAssistantMessage("Hello.")
                .addUserMessage("Bye")
                .build();

        assertThat(request.messages()).extracting(ChatMessage::role)
                .containsExactly("system", "user", "assistant", "user");
        assertThat(request.maxTokens()).isNull();
        assertThat(request.stop()).isEmpty();
    }

    @Test
    void rejectsMissingModel() {
        assertThatThrownBy(() -> ChatRequest.builder().addUserMessage("Hi").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model must be set");
    }

    @Test
    void rejectsEmptyConversation() {
        assertThatThrownBy(() -> ChatRequest.builder().model("phi").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("messages must hold at least one message");
    }

    @Test
    void rejectsTemperatureAboveTwo() {
        assertThatThrownBy(() -> valid().temperature(2.5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("temperature must be in [0.0, 2.0], got 2.5");
    }

    @Test
    void rejectsZeroTopP() {
        assertThatThrownBy(() -> valid().topP(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("top_p must be in (0, 1]");
    }

    @Test
    void rejectsZeroMaxTokens() {
        assertThatThrownBy(() -> valid().maxTokens(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("max_tokens must be >= 1, got 0");
    }

    @Test
    void rejectsMoreThanFourStopSequences() {
        assertThatThrownBy(() -> valid().stop("a", "b", "c", "d", "e").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stop takes at most 4 sequences, got 5");
    }

    @Test
    void rejectsEmptyStopSequence() {
        assertThatThrownBy(() -> valid().stop("").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stop[0] must be a non-empty string");
    }

    @Test
    void rejectsZeroChoices() {
        assertThatThrownBy(() -> valid().n(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("n must be >= 1, got 0");
    }

    @Test
    void rejectsPenaltyOutOfRange() {
        assertThatThrownBy(() -> valid().frequencyPenalty(-3).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("frequency_penalty");
    }

    @Test
    void rejectsNullMessageContent() {
        assertThatThrownBy(() -> ChatMessage.user(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("content of a user message must not be null");
    }

    @Test
    void toBuilderKeepsEveryFieldForTheNextTurn() {
        ChatRequest first = valid().maxTokens(32).temperature(0.2).topP(0.8).seed(7).stop("END").n(1)
                .presencePenalty(0.5).frequencyPenalty(0.4).user("u").streamIncludeUsage(true).build();

        ChatRequest next = first.toBuilder().addAssistantMessage("Hi.").addUserMessage("More").build();

        assertThat(next.messages()).hasSize(3);
        assertThat(next.toBuilder().messages(first.messages()).build()).isEqualTo(first);
    }

    @Test
    void builtRequestIsUnaffectedByLaterBuilderChanges() {
        ChatRequest.Builder builder = valid();
        ChatRequest request = builder.build();

        builder.addUserMessage("again");

        assertThat(request.messages()).hasSize(1);
    }
}
