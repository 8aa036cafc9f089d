package dev.airlock.bridge.openai;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;

import jakarta.json.bind.JsonbException;

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
import dev.airlock.dto.generation.TokenizeRequest;
import dev.airlock.dto.generation.TokenizeResult;

/**
 * Calls the inference server's internal API over a {@link Channel}. Every answer is checked as
 * untrusted; channel failures become {@link BridgeException}s (503 down, 504 timeout, 502 bad
 * answer). Thread-safe, as the channel is.
 */
public final class AirlockClient {
    /** Longest NDJSON line accepted from the airlock. */
    public static final int MAX_LINE_BYTES = 1 << 20;
    /** Largest non-streamed body (model list, error answer) accepted from the airlock. */
    static final int MAX_BODY_BYTES = 4 << 20;
    static final int MAX_MODEL_ID_CHARS = 256;

    private static final System.Logger LOGGER = System.getLogger(AirlockClient.class.getName());

    private final Channel channel;
    private final Duration headTimeout;
    private final Duration idleTimeout;

    /**
     * @param channel the channel to the airlock; not closed by this client
     * @param headTimeout how long to wait for a response head (and the start of a generation)
     * @param idleTimeout how long to wait for each further body chunk
     */
    public AirlockClient(Channel channel, Duration headTimeout, Duration idleTimeout) {
        this.channel = channel;
        this.headTimeout = headTimeout;
        this.idleTimeout = idleTimeout;
    }

    /**
     * Returns the models the airlock serves.
     *
     * @throws BridgeException when the airlock is down, slow or answers badly
     */
    public ModelList models() {
        try (Exchange exchange = open(new RequestHead("GET", InternalApi.MODELS, Map.of(), ""))) {
            ResponseHead head = head(exchange);
            String body = readBody(exchange);
            if (head.status() == 503) {
                throw AirlockUnavailable.loading();
            }
            if (head.status() != 200) {
                throw new BadAirlockAnswer("the airlock answered " + InternalApi.MODELS + " with status "
                        + head.status());
            }
            return checked(parseModels(body));
        } catch (ChannelException e) {
            throw translate(e);
        }
    }

    /**
     * Returns whether the airlock answers its health check with 200; never throws. Asks the
     * airlock itself rather than {@code channel.isUp()}: opening the exchange starts a session
     * when none is live, so a bridge that has not talked to the airlock yet still reports its state.
     */
    public boolean health() {
        try (Exchange exchange = channel.open(new RequestHead("GET", InternalApi.HEALTH, Map.of(), ""))) {
            return exchange.head(headTimeout).status() == 200;
        } catch (RuntimeException e) {
            LOGGER.log(System.Logger.Level.DEBUG, "airlock health check failed: {0}", e.getMessage());
            return false;
        }
    }

    /**
     * Starts a generation and waits for its {@code start} event, so that every failure found
     * before generation (unknown model, prompt too long) is thrown here, before any response byte.
     * The caller closes the returned stream.
     *
     * @throws BridgeException for a refusal from the airlock (4xx head and {@code error} event),
     *     a bad answer, a timeout or a channel that is down
     */
    public GenerationStream chat(GenerationRequest request, String requestId) {
        return generate(InternalApi.CHAT, request, requestId);
    }

    /** As {@link #chat}, for a raw-prompt request ({@code /internal/v1/completions}). */
    public GenerationStream complete(GenerationRequest request, String requestId) {
        return generate(InternalApi.COMPLETIONS, request, requestId);
    }

    /**
     * Tokenizes a prompt or rendered messages.
     *
     * @throws BridgeException as for {@link #models()}, or the airlock's refusal (unknown model)
     */
    public TokenizeResult tokenize(TokenizeRequest request, String requestId) {
        TokenizeResult result = call(InternalApi.TOKENIZE, Json.write(request), requestId, TokenizeResult.class);
        if (result.tokens() == null || result.count() != result.tokens().size()) {
            throw new BadAirlockAnswer("the airlock sent a tokenize answer whose count does not match its tokens");
        }
        return result;
    }

    /** Decodes token ids; see {@link #tokenize}. */
    public DetokenizeResult detokenize(DetokenizeRequest request, String requestId) {
        DetokenizeResult result = call(InternalApi.DETOKENIZE, Json.write(request), requestId,
                DetokenizeResult.class);
        if (result.prompt() == null) {
            throw new BadAirlockAnswer("the airlock sent a detokenize answer without a prompt");
        }
        return result;
    }

    /** Loads a LoRA adapter inside the airlock; returns how it is now served. */
    public ModelInfo loadAdapter(AdapterRequest request, String requestId) {
        return checkedInfo(call(InternalApi.ADAPTERS_LOAD, Json.write(request), requestId, ModelInfo.class));
    }

    /** Unloads a LoRA adapter inside the airlock; returns what was removed. */
    public ModelInfo unloadAdapter(AdapterRequest request, String requestId) {
        return checkedInfo(call(InternalApi.ADAPTERS_UNLOAD, Json.write(request), requestId, ModelInfo.class));
    }

    private static ModelInfo checkedInfo(ModelInfo info) {
        if (info.id() == null || info.id().length() > MAX_MODEL_ID_CHARS) {
            throw new BadAirlockAnswer("the airlock sent an adapter answer without a valid id");
        }
        return info;
    }

    private <T> T call(String path, String body, String requestId, Class<T> type) {
        var head = new RequestHead("POST", path,
                Map.of("content-type", "application/json", "x-request-id", requestId), body);
        try (Exchange exchange = open(head)) {
            ResponseHead response = head(exchange);
            if (response.status() != 200) {
                throw refusal(response.status(), new NdjsonLines(() -> nextChunk(exchange), MAX_LINE_BYTES));
            }
            String text = readBody(exchange);
            try {
                T value = Json.read(text, type);
                if (value == null) {
                    throw new BadAirlockAnswer("the airlock answered " + path + " with an empty body");
                }
                return value;
            } catch (JsonbException | ClassCastException | IllegalArgumentException e) {
                throw new BadAirlockAnswer("the airlock answered " + path + " with invalid JSON", e);
            }
        } catch (ChannelException e) {
            throw translate(e);
        }
    }

    private GenerationStream generate(String path, GenerationRequest request, String requestId) {
        var head = new RequestHead("POST", path,
                Map.of("content-type", "application/json", "x-request-id", requestId),
                Json.write(request));
        Exchange exchange = open(head);
        try {
            ResponseHead response = head(exchange);
            NdjsonLines lines = new NdjsonLines(() -> nextChunk(exchange), MAX_LINE_BYTES);
            if (response.status() != 200) {
                throw refusal(response.status(), lines);
            }
            return GenerationStream.open(exchange, lines, request.choices());
        } catch (RuntimeException e) {
            exchange.close();
            throw e instanceof ChannelException channelFailure ? translate(channelFailure) : e;
        }
    }

    private Exchange open(RequestHead head) {
        try {
            return channel.open(head);
        } catch (ChannelException e) {
            throw translate(e);
        }
    }

    private ResponseHead head(Exchange exchange) {
        try {
            return exchange.head(headTimeout);
        } catch (ChannelException e) {
            throw translate(e);
        }
    }

    private byte[] nextChunk(Exchange exchange) {
        try {
            return exchange.nextChunk(idleTimeout);
        } catch (ChannelException e) {
            throw translate(e);
        }
    }

    private static BridgeException refusal(int status, NdjsonLines lines) {
        String line = lines.next();
        if (line == null) {
            return new BadAirlockAnswer("the airlock answered status " + status + " without an error event");
        }
        try {
            var event = Json.read(line, GenerationEvent.class);
            if (event == null || !GenerationEvent.ERROR.equals(event.type())) {
                return new BadAirlockAnswer("the airlock answered status " + status
                        + " with something other than an error event");
            }
            return GenerationStream.rejection(event);
        } catch (JsonbException | ClassCastException | IllegalArgumentException e) {
            return new BadAirlockAnswer("the airlock answered status " + status
                    + " with an error event that is not valid JSON", e);
        }
    }

    private String readBody(Exchange exchange) {
        var body = new ByteArrayOutputStream();
        for (byte[] chunk = nextChunk(exchange); chunk != null; chunk = nextChunk(exchange)) {
            if ((long) body.size() + chunk.length > MAX_BODY_BYTES) {
                throw new BadAirlockAnswer("the airlock sent a body larger than " + MAX_BODY_BYTES + " bytes");
            }
            body.write(chunk, 0, chunk.length);
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    private static ModelList parseModels(String body) {
        try {
            ModelList list = Json.read(body, ModelList.class);
            if (list == null) {
                throw new BadAirlockAnswer("the airlock sent an empty model list body");
            }
            return list;
        } catch (JsonbException | ClassCastException | IllegalArgumentException e) {
            throw new BadAirlockAnswer("the airlock sent a model list that is not valid JSON", e);
        }
    }

    private static ModelList checked(ModelList list) {
        var seen = new HashSet<String>();
        for (ModelInfo model : list.models()) {
            if (model == null || model.id() == null || model.id().isBlank()
                    || model.id().length() > MAX_MODEL_ID_CHARS || !seen.add(model.id())) {
                throw new BadAirlockAnswer("the airlock sent a model list with a missing, overlong or "
                        + "repeated model id");
            }
            if (model.parent() != null && model.parent().length() > MAX_MODEL_ID_CHARS) {
                throw new BadAirlockAnswer("the airlock sent a model whose parent id is overlong");
            }
        }
        return list;
    }

    /** Maps a channel failure to the client's error by its status. */
    public static BridgeException translate(ChannelException e) {
        return switch (e.status()) {
            case 503 -> new AirlockUnavailable("the airlock is unavailable: " + e.getMessage(), e);
            case 504 -> new AirlockTimeout("the airlock did not answer in time: " + e.getMessage(), e);
            default -> e.status() >= 400 && e.status() <= 499
                    ? AirlockRejected.of(e.status(), e.type(), e.getMessage(), null)
                    : new BadAirlockAnswer("the airlock failed: " + e.getMessage(), e);
        };
    }
}
