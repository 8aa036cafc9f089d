package dev.airlock.bridge.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.airlock.channel.Channel;
import dev.airlock.channel.ChannelException;
import dev.airlock.channel.Exchange;
import dev.airlock.dto.Json;
import dev.airlock.dto.frame.RequestHead;
import dev.airlock.dto.frame.ResponseHead;
import dev.airlock.dto.generation.AdapterRequest;
import dev.airlock.dto.generation.DetokenizeRequest;
import dev.airlock.dto.generation.DetokenizeResult;
import dev.airlock.dto.generation.GenerationEvent;
import dev.airlock.dto.generation.GenerationRequest;
import dev.airlock.dto.generation.InternalApi;
import dev.airlock.dto.generation.ModelInfo;
import dev.airlock.dto.generation.ModelList;
import dev.airlock.dto.generation.PromptMessage;
import dev.airlock.dto.generation.TokenLogprob;
import dev.airlock.dto.generation.TokenizeRequest;
import dev.airlock.dto.generation.TokenizeResult;

/**
 * An in-memory airlock: answers the internal API with scripted NDJSON. The requested model
 * picks the script, so one server can show every behaviour: {@code phi-4} and {@code adapter-a}
 * generate "Hello wörld" in three deltas (cut to {@code max_tokens}), sent in 5-byte chunks
 * that split lines and characters, per choice (choice 1 and up in capitals), with logprobs when
 * asked; with a forced tool choice, or tools and a message about the weather, they write a Phi-4
 * tool call instead. The other names misbehave as their names say.
 */
final class FakeChannel implements Channel {
    static final String BASE = "phi-4";
    static final String ADAPTER = "adapter-a";
    static final List<String> DELTAS = List.of("Hel", "lo", " wörld");
    static final List<String> SCRIPTED = List.of("refuse-context", "refuse-404", "malformed", "unknown-event",
            "negative-count", "cut", "cut-mid-stream", "mid-error", "no-start", "long-line", "timeout",
            "endless", "bad-error-head", "huge-count", "bad-finish", "slow-endless");

    /** Counts down each time an {@code endless} generation is cancelled (its exchange closed). */
    final CountDownLatch endlessCancelled = new CountDownLatch(1);
    /** Counts down when a {@code slow-endless} generation (one delta per 5 ms) is cancelled. */
    final CountDownLatch slowEndlessCancelled = new CountDownLatch(1);
    /** The generation requests received, in order. */
    final ConcurrentLinkedQueue<GenerationRequest> chats = new ConcurrentLinkedQueue<>();

    private final AtomicBoolean up;
    private final boolean startsOnOpen;
    private final boolean garbageModels;
    private final boolean loading;

    private FakeChannel(boolean up, boolean startsOnOpen, boolean garbageModels, boolean loading) {
        this.up = new AtomicBoolean(up);
        this.startsOnOpen = startsOnOpen;
        this.garbageModels = garbageModels;
        this.loading = loading;
    }

    static FakeChannel healthy() {
        return new FakeChannel(true, false, false, false);
    }

    static FakeChannel down() {
        return new FakeChannel(false, false, false, false);
    }

    static FakeChannel withGarbageModelList() {
        return new FakeChannel(true, false, true, false);
    }

    /** No session yet; the first exchange starts one, as the multiplexed channel does. */
    static FakeChannel notStartedYet() {
        return new FakeChannel(false, true, false, false);
    }

    /** Up, but the airlock is still loading its models: health and models answer 503. */
    static FakeChannel loadingModels() {
        return new FakeChannel(true, false, false, true);
    }

    @Override
    public Exchange open(RequestHead request) {
        if (startsOnOpen) {
            up.set(true);
        }
        if (!up.get()) {
            throw new ChannelException(503, "server_error", "the airlock session is down and could not restart");
        }
        if (loading) {
            return FakeExchange.of(503, lines(GenerationEvent.error(503, "server_error",
                    "the models are still loading", null)));
        }
        return switch (request.path()) {
            case InternalApi.MODELS -> garbageModels
                    ? FakeExchange.of(200, List.of(bytes("{\"models\":[{\"id\":")))
                    : FakeExchange.of(200, List.of(bytes(Json.write(modelList()))));
            case InternalApi.HEALTH -> FakeExchange.of(200, List.of(bytes("{\"status\":\"ok\"}")));
            case InternalApi.CHAT, InternalApi.COMPLETIONS -> chat(Json.read(request.body(), GenerationRequest.class));
            case InternalApi.TOKENIZE -> tokenize(Json.read(request.body(), TokenizeRequest.class));
            case InternalApi.DETOKENIZE -> detokenize(Json.read(request.body(), DetokenizeRequest.class));
            case InternalApi.ADAPTERS_LOAD, InternalApi.ADAPTERS_UNLOAD -> adapter(Json.read(request.body(),
                    AdapterRequest.class));
            default -> FakeExchange.of(404, List.of());
        };
    }

    private static ModelList modelList() {
        var models = new ArrayList<ModelInfo>();
        models.add(new ModelInfo(BASE, null, 1_700_000_000L, 16384));
        models.add(new ModelInfo(ADAPTER, BASE, 1_700_000_100L, 16384));
        for (String name : SCRIPTED) {
            models.add(new ModelInfo(name, BASE, 1_700_000_200L, 16384));
        }
        return new ModelList(models);
    }

    private Exchange chat(GenerationRequest request) {
        chats.add(request);
        int prompt = request.prompt() != null ? request.prompt().length() + 1 : promptTokens(request.messages());
        return switch (request.model()) {
            case BASE, ADAPTER -> FakeExchange.of(200, chopped(normal(request, prompt)));
            case "refuse-context" -> FakeExchange.of(400, lines(GenerationEvent.error(400, "invalid_request_error",
                    "prompt of 20000 tokens exceeds the context of 16384 tokens", "messages")));
            case "refuse-404" -> FakeExchange.of(404, lines(GenerationEvent.error(404, "invalid_request_error",
                    "adapter refuse-404 was unloaded", "model")));
            case "malformed" -> FakeExchange.of(200, List.of(bytes(json(GenerationEvent.start(prompt))
                    + "\n{\"type\":\"delta\",\"text\":\n")));
            case "unknown-event" -> FakeExchange.of(200, List.of(bytes(json(GenerationEvent.start(prompt))
                    + "\n{\"type\":\"surprise\"}\n")));
            case "negative-count" -> FakeExchange.of(200, lines(GenerationEvent.start(-3)));
            case "cut" -> FakeExchange.of(200, lines(GenerationEvent.start(prompt)));
            case "cut-mid-stream" -> FakeExchange.of(200, lines(GenerationEvent.start(prompt),
                    GenerationEvent.delta("Hel", 1)));
            case "mid-error" -> FakeExchange.of(200, lines(GenerationEvent.start(prompt),
                    GenerationEvent.delta("Hel", 1),
                    GenerationEvent.error(500, "server_error", "the engine failed", null)));
            case "no-start" -> FakeExchange.of(200, lines(GenerationEvent.delta("Hel", 1)));
            case "long-line" -> FakeExchange.of(200, longLine(prompt));
            case "timeout" -> FakeExchange.failing(new ChannelException(504, "timeout",
                    "no response head within 60000 ms"));
            case "endless" -> FakeExchange.endless(prompt, endlessCancelled, 0);
            case "slow-endless" -> FakeExchange.endless(prompt, slowEndlessCancelled, 5);
            case "bad-error-head" -> FakeExchange.of(400, List.of(bytes("<html>oops</html>\n")));
            case "huge-count" -> FakeExchange.of(200, lines(GenerationEvent.start(prompt),
                    GenerationEvent.done("stop", Integer.MAX_VALUE, Integer.MAX_VALUE)));
            case "bad-finish" -> FakeExchange.of(200, lines(GenerationEvent.start(prompt),
                    GenerationEvent.done("tool_calls", prompt, 0)));
            default -> FakeExchange.of(404, lines(GenerationEvent.error(404, "invalid_request_error",
                    "unknown model", "model")));
        };
    }

    /** Counts characters, so equal text gives equal counts however it was split into parts. */
    static int promptTokens(List<PromptMessage> messages) {
        return messages.stream().mapToInt(message -> message.content().length() + 1).sum();
    }

    private static Exchange adapter(AdapterRequest request) {
        if (BASE.equals(request.name())) {
            return FakeExchange.of(400, lines(GenerationEvent.error(400, "invalid_request_error",
                    "the name 'phi-4' is already served", "lora_name")));
        }
        return FakeExchange.of(200, List.of(bytes(Json.write(new ModelInfo(request.name(), BASE, 1L, 16384)))));
    }

    private static Exchange tokenize(TokenizeRequest request) {
        if (!BASE.equals(request.model()) && !ADAPTER.equals(request.model())) {
            return FakeExchange.of(404, lines(GenerationEvent.error(404, "model_not_found", "unknown model", "model")));
        }
        String text = request.prompt() != null ? request.prompt()
                : request.messages().stream().map(PromptMessage::content).reduce("", String::concat);
        List<Integer> ids = text.codePoints().boxed().toList();
        return FakeExchange.of(200, List.of(bytes(Json.write(new TokenizeResult(ids.size(), 16384, ids)))));
    }

    private static Exchange detokenize(DetokenizeRequest request) {
        var text = new StringBuilder();
        request.tokens().forEach(text::appendCodePoint);
        return FakeExchange.of(200, List.of(bytes(Json.write(new DetokenizeResult(text.toString())))));
    }

    /** The text a tool-calling model writes: a Phi-4 call of the forced (or first) function, 7 characters a token. */
    static List<String> toolCallDeltas(GenerationRequest request) {
        String name = request.toolName() != null ? request.toolName()
                : request.tools().replaceAll("(?s)^\\[\\{\"name\": \"([^\"]+)\".*$", "$1");
        String text = "<|tool_call|>[{\"name\": \"" + name + "\", \"arguments\": {\"city\": \"Paris\"}}]<|/tool_call|>";
        var deltas = new ArrayList<String>();
        for (int i = 0; i < text.length(); i += 7) {
            deltas.add(text.substring(i, Math.min(text.length(), i + 7)));
        }
        return deltas;
    }

    private static List<GenerationEvent> normal(GenerationRequest request, int prompt) {
        boolean callsTool = request.forcesToolCall()
                || (request.tools() != null && request.messages().stream().anyMatch(m -> m.content().contains("weather")));
        List<String> script = callsTool ? toolCallDeltas(request) : DELTAS;
        int limit = request.maxTokens() == null ? script.size() : Math.min(request.maxTokens(), script.size());
        var events = new ArrayList<GenerationEvent>();
        events.add(GenerationEvent.start(prompt));
        for (int index = 0; index < request.choices(); index++) {
            for (int i = 0; i < limit; i++) {
                String text = index == 0 || callsTool ? script.get(i) : script.get(i).toUpperCase();
                events.add(GenerationEvent.delta(index, text, 1, logprobs(request, text)));
            }
            events.add(GenerationEvent.done(index, limit < script.size() ? "length" : "stop", prompt, limit));
        }
        return events;
    }

    private static List<TokenLogprob> logprobs(GenerationRequest request, String text) {
        if (!request.wantsLogprobs()) {
            return null;
        }
        int top = request.topLogprobs() == null ? 0 : request.topLogprobs();
        var alternatives = new ArrayList<TokenLogprob>();
        for (int i = 0; i < top; i++) {
            alternatives.add(new TokenLogprob(i, i == 0 ? text : "alt" + i, -0.25 * (i + 1), List.of(97), null));
        }
        var bytes = new ArrayList<Integer>();
        for (byte b : bytes(text)) {
            bytes.add(b & 0xff);
        }
        return List.of(new TokenLogprob(0, text, -0.25, bytes, alternatives));
    }

    private static List<byte[]> chopped(List<GenerationEvent> events) {
        byte[] all = bytes(events.stream().map(FakeChannel::json).reduce("", (a, b) -> a + b + "\n"));
        var chunks = new ArrayList<byte[]>();
        for (int i = 0; i < all.length; i += 5) {
            chunks.add(Arrays.copyOfRange(all, i, Math.min(all.length, i + 5)));
        }
        return chunks;
    }

    private static List<byte[]> lines(GenerationEvent... events) {
        return List.of(bytes(Arrays.stream(events).map(FakeChannel::json).reduce("", (a, b) -> a + b + "\n")));
    }

    private static List<byte[]> longLine(int prompt) {
        var chunks = new ArrayList<byte[]>();
        chunks.add(bytes(json(GenerationEvent.start(prompt)) + "\n{\"type\":\"delta\",\"text\":\""));
        byte[] filler = new byte[64 * 1024];
        Arrays.fill(filler, (byte) 'a');
        for (int i = 0; i < 40; i++) {
            chunks.add(filler);
        }
        return chunks;
    }

    private static String json(GenerationEvent event) {
        return Json.write(event);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean isUp() {
        return up.get();
    }

    @Override
    public void close() {
        up.set(false);
    }

    /** A scripted answer. */
    private static final class FakeExchange implements Exchange {
        private final ResponseHead head;
        private final RuntimeException failure;
        private final Iterator<byte[]> chunks;
        private final Runnable onClose;
        private final AtomicBoolean closed = new AtomicBoolean();

        private FakeExchange(ResponseHead head, RuntimeException failure, Iterator<byte[]> chunks,
                Runnable onClose) {
            this.head = head;
            this.failure = failure;
            this.chunks = chunks;
            this.onClose = onClose;
        }

        static FakeExchange of(int status, List<byte[]> chunks) {
            return new FakeExchange(new ResponseHead(status, Map.of("content-type", InternalApi.NDJSON)), null,
                    chunks.iterator(), () -> { });
        }

        static FakeExchange failing(RuntimeException failure) {
            return new FakeExchange(null, failure, List.<byte[]>of().iterator(), () -> { });
        }

        static FakeExchange endless(int prompt, CountDownLatch cancelled, long delayMillis) {
            byte[] start = bytes(json(GenerationEvent.start(prompt)) + "\n");
            byte[] delta = bytes(json(GenerationEvent.delta("more ", 1)) + "\n");
            Iterator<byte[]> forever = new Iterator<>() {
                private boolean first = true;

                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public byte[] next() {
                    byte[] next = first ? start : delta;
                    first = false;
                    if (delayMillis > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(delayMillis * 1_000_000);
                    }
                    return next;
                }
            };
            return new FakeExchange(new ResponseHead(200, Map.of()), null, forever, cancelled::countDown);
        }

        @Override
        public long id() {
            return 1;
        }

        @Override
        public ResponseHead head(Duration timeout) {
            if (failure != null) {
                throw failure;
            }
            return head;
        }

        @Override
        public byte[] nextChunk(Duration timeout) {
            if (closed.get()) {
                throw new ChannelException(502, "server_error", "exchange already closed");
            }
            return chunks.hasNext() ? chunks.next() : null;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                onClose.run();
            }
        }
    }
}
