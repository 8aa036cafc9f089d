package dev.airlock.bridge.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.airlock.dto.generation.TokenLogprob;
import dev.airlock.dto.openai.FunctionCall;
import dev.airlock.dto.openai.ToolCall;
import dev.airlock.dto.openai.ToolCallDelta;
import dev.airlock.dto.openai.TokenLogprobEntry;
import dev.airlock.dto.openai.TopLogprob;

/**
 * Builds one chat choice from its text deltas: content, tool calls parsed from Phi-4's
 * {@code <|tool_call|>} output (when the request had tools), and log probabilities. For a stream
 * it says what each delta adds; for a plain answer it keeps the whole. One per choice; not
 * thread-safe.
 */
public final class ChoiceAssembler {
    /** What one delta adds to a streamed choice: content, tool-call pieces and the logprobs of its tokens. */
    public record Addition(String content, List<ToolCallDelta> toolCalls, List<TokenLogprobEntry> logprobs) {
        /** Returns whether there is nothing to send. */
        public boolean isEmpty() {
            return content.isEmpty() && toolCalls.isEmpty() && logprobs.isEmpty();
        }
    }

    private final ToolCallScanner scanner;
    private final StringBuilder content = new StringBuilder();
    private final List<String> ids = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final List<StringBuilder> arguments = new ArrayList<>();
    private final List<TokenLogprobEntry> logprobs = new ArrayList<>();

    /** Creates an assembler that parses tool calls when {@code parseToolCalls}. */
    public ChoiceAssembler(boolean parseToolCalls) {
        this.scanner = parseToolCalls ? new ToolCallScanner() : null;
    }

    /** Adds the text and logprobs of one delta and returns what it adds. */
    public Addition add(String text, List<TokenLogprob> tokenLogprobs) {
        List<TokenLogprobEntry> entries = tokenLogprobs.stream().map(ChoiceAssembler::entry).toList();
        logprobs.addAll(entries);
        if (scanner == null) {
            content.append(text);
            return new Addition(text, List.of(), entries);
        }
        return apply(scanner.push(text), entries);
    }

    /** Ends the choice and returns what was still held back. */
    public Addition finish() {
        return scanner == null ? new Addition("", List.of(), List.of()) : apply(scanner.finish(), List.of());
    }

    /** Returns OpenAI's finish reason for the airlock's {@code stop} or {@code length}. */
    public String finishReason(String airlockReason) {
        return "stop".equals(airlockReason) && !ids.isEmpty() ? "tool_calls" : airlockReason;
    }

    /** Returns the content; null when the choice only calls tools. */
    public String content() {
        return content.isEmpty() && !ids.isEmpty() ? null : content.toString();
    }

    /** Returns the parsed tool calls, empty when none. */
    public List<ToolCall> toolCalls() {
        var calls = new ArrayList<ToolCall>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            calls.add(new ToolCall(ids.get(i), ToolCall.FUNCTION, new FunctionCall(names.get(i),
                    arguments.get(i).toString())));
        }
        return calls;
    }

    /** Returns every token's log probability so far. */
    public List<TokenLogprobEntry> logprobs() {
        return List.copyOf(logprobs);
    }

    private Addition apply(List<ToolCallScanner.Piece> pieces, List<TokenLogprobEntry> entries) {
        var text = new StringBuilder();
        var deltas = new ArrayList<ToolCallDelta>();
        for (ToolCallScanner.Piece piece : pieces) {
            switch (piece) {
                case ToolCallScanner.Content c -> text.append(c.text());
                case ToolCallScanner.CallStart start -> {
                    String id = "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
                    ids.add(id);
                    names.add(start.name());
                    arguments.add(new StringBuilder());
                    deltas.add(new ToolCallDelta(start.index(), id, ToolCall.FUNCTION,
                            new FunctionCall(start.name(), "")));
                }
                case ToolCallScanner.CallArguments args -> {
                    arguments.get(args.index()).append(args.fragment());
                    appendArguments(deltas, args);
                }
            }
        }
        content.append(text);
        return new Addition(text.toString(), deltas, entries);
    }

    /** Merges a fragment into this chunk's last delta of the same call, so a chunk has one delta per call. */
    private static void appendArguments(List<ToolCallDelta> deltas, ToolCallScanner.CallArguments args) {
        if (!deltas.isEmpty() && deltas.getLast().index() == args.index()) {
            ToolCallDelta last = deltas.removeLast();
            deltas.add(new ToolCallDelta(last.index(), last.id(), last.type(), new FunctionCall(
                    last.function().name(), last.function().arguments() + args.fragment())));
        } else {
            deltas.add(new ToolCallDelta(args.index(), null, null, new FunctionCall(null, args.fragment())));
        }
    }

    private static TokenLogprobEntry entry(TokenLogprob logprob) {
        List<TopLogprob> top = logprob.topLogprobs() == null ? List.of() : logprob.topLogprobs().stream()
                .map(alternative -> new TopLogprob(alternative.token(), alternative.logprob(), alternative.bytes()))
                .toList();
        return new TokenLogprobEntry(logprob.token(), logprob.logprob(), logprob.bytes(), top);
    }
}
