package dev.airlock.bridge.openai;

import java.util.List;
import java.util.Set;

import jakarta.json.bind.JsonbException;

import dev.airlock.channel.Exchange;
import dev.airlock.dto.Json;
import dev.airlock.dto.generation.GenerationEvent;
import dev.airlock.dto.generation.TokenLogprob;

/**
 * The checked events of one generation, read from the airlock as NDJSON. The {@code start}
 * event has been read when a stream is handed out. Everything from the airlock is untrusted: a
 * malformed line, an unknown event, an impossible count or a body that ends without
 * {@code done} or {@code error} is a {@link BadAirlockAnswer}. Closing the stream closes the
 * exchange, which cancels the generation inside the airlock if it is still running. Read by one
 * thread at a time.
 */
public final class GenerationStream implements AutoCloseable {
    /** Token counts above this are impossible for any context window and would overflow sums. */
    static final int MAX_TOKEN_COUNT = 1 << 30;

    private static final Set<String> FINISH_REASONS = Set.of("stop", "length");

    /** More log probabilities per token than any request may ask for (20 alternatives). */
    static final int MAX_TOP_LOGPROBS = 20;
    private static final int MAX_TOKEN_TEXT_CHARS = 4096;

    private final Exchange exchange;
    private final NdjsonLines lines;
    private final int promptTokens;
    private final int choices;
    private int current;
    private boolean finished;

    private GenerationStream(Exchange exchange, NdjsonLines lines, int promptTokens, int choices) {
        this.exchange = exchange;
        this.lines = lines;
        this.promptTokens = promptTokens;
        this.choices = choices;
    }

    /** Reads the {@code start} event from {@code lines} and returns the stream behind it. */
    static GenerationStream open(Exchange exchange, NdjsonLines lines, int choices) {
        GenerationEvent first = readEvent(lines);
        if (GenerationEvent.ERROR.equals(first.type())) {
            throw rejection(first);
        }
        if (!GenerationEvent.START.equals(first.type())) {
            throw new BadAirlockAnswer("the airlock's generation stream began with "
                    + shown(first.type()) + " instead of 'start'");
        }
        return new GenerationStream(exchange, lines, count(first.promptTokens(), "prompt_tokens"), choices);
    }

    /** Returns the prompt token count from the {@code start} event. */
    public int promptTokens() {
        return promptTokens;
    }

    /** Returns whether every choice has finished. */
    public boolean isComplete() {
        return finished;
    }

    /**
     * Waits for the next step; choices come one after the other, each ending with its
     * {@link GenerationStep.Finished}. Call until {@link #isComplete()}.
     *
     * @throws BridgeException for an {@code error} event, a bad answer or a channel failure
     * @throws IllegalStateException when called after the stream finished
     */
    public GenerationStep next() {
        if (finished) {
            throw new IllegalStateException("the generation stream has already finished");
        }
        GenerationEvent event = readEvent(lines);
        return switch (event.type()) {
            case GenerationEvent.DELTA -> delta(event);
            case GenerationEvent.DONE -> done(event);
            case GenerationEvent.ERROR -> throw rejection(event);
            default -> throw new BadAirlockAnswer("the airlock sent " + shown(event.type())
                    + " in the middle of a generation stream");
        };
    }

    private GenerationStep delta(GenerationEvent event) {
        if (event.text() == null) {
            throw new BadAirlockAnswer("the airlock sent a delta event without text");
        }
        checkIndex(event);
        int tokens = count(event.tokens(), "tokens");
        List<TokenLogprob> logprobs = event.logprobs() == null ? List.of() : event.logprobs();
        if (logprobs.size() > tokens) {
            throw new BadAirlockAnswer("the airlock sent more logprobs than tokens in a delta event");
        }
        logprobs.forEach(GenerationStream::checkLogprob);
        return new GenerationStep.TextDelta(current, event.text(), tokens, logprobs);
    }

    private GenerationStep done(GenerationEvent event) {
        if (event.finishReason() == null || !FINISH_REASONS.contains(event.finishReason())) {
            throw new BadAirlockAnswer("the airlock sent a done event whose finish_reason is not stop or length");
        }
        checkIndex(event);
        var step = new GenerationStep.Finished(current, event.finishReason(),
                count(event.promptTokens(), "prompt_tokens"),
                count(event.completionTokens(), "completion_tokens"));
        current++;
        finished = current == choices;
        return step;
    }

    private void checkIndex(GenerationEvent event) {
        if (event.choiceIndex() != current) {
            throw new BadAirlockAnswer("the airlock sent an event for choice " + event.choiceIndex()
                    + " while choice " + current + " of " + choices + " was being generated");
        }
    }

    private static void checkLogprob(TokenLogprob logprob) {
        if (logprob == null || logprob.token() == null || logprob.token().length() > MAX_TOKEN_TEXT_CHARS
                || !(logprob.logprob() <= 0) || (logprob.topLogprobs() != null
                        && logprob.topLogprobs().size() > MAX_TOP_LOGPROBS)) {
            throw new BadAirlockAnswer("the airlock sent a malformed token logprob");
        }
        if (logprob.topLogprobs() != null) {
            for (TokenLogprob top : logprob.topLogprobs()) {
                if (top == null || top.token() == null || top.token().length() > MAX_TOKEN_TEXT_CHARS
                        || !(top.logprob() <= 0)) {
                    throw new BadAirlockAnswer("the airlock sent a malformed top logprob");
                }
            }
        }
    }

    private static GenerationEvent readEvent(NdjsonLines lines) {
        String line = lines.next();
        if (line == null) {
            throw new BadAirlockAnswer("the airlock's generation stream ended without a done or error event");
        }
        GenerationEvent event;
        try {
            event = Json.read(line, GenerationEvent.class);
        } catch (JsonbException | ClassCastException | IllegalArgumentException e) {
            throw new BadAirlockAnswer("the airlock sent a generation event that is not valid JSON", e);
        }
        if (event == null || event.type() == null) {
            throw new BadAirlockAnswer("the airlock sent a generation event without a type");
        }
        return event;
    }

    /** Maps an {@code error} event to the client's error. */
    static BridgeException rejection(GenerationEvent event) {
        if (event.status() == null) {
            return new BadAirlockAnswer("the airlock sent an error event without a status");
        }
        return AirlockRejected.of(event.status(), event.errorType(), event.message(), event.param());
    }

    private static String shown(String type) {
        return type.matches("[a-z_]{1,20}") ? "'" + type + "'" : "an unknown event type";
    }

    private static int count(Integer value, String name) {
        if (value == null || value < 0 || value > MAX_TOKEN_COUNT) {
            throw new BadAirlockAnswer("the airlock sent " + name + "=" + value
                    + "; expected a count from 0 to " + MAX_TOKEN_COUNT);
        }
        return value;
    }

    @Override
    public void close() {
        exchange.close();
    }
}
