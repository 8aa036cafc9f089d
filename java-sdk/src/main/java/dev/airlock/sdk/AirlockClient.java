package dev.airlock.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import jakarta.json.JsonObject;

/**
 * A typed client of the Airlock bridge (and of other OpenAI-compatible servers for the routes they
 * share). Create one with {@link #builder()}, share it between threads, and close it when done.
 *
 * <p>Every call blocks the calling thread (a virtual thread is a good fit) and throws an
 * {@link AirlockException} subclass for each failure: an error status, an error event in a
 * stream, an unreadable answer, or no answer. A route the server does not serve is a
 * {@link NotFoundException} like any other 404.
 *
 * <p>Thread-safe: the client holds one {@link HttpClient} and no per-call state.
 */
public final class AirlockClient implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(AirlockClient.class.getName());
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

    private final String baseUrl;
    private final String authorization;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final AtomicBoolean closed = new AtomicBoolean();

    private AirlockClient(String baseUrl, Builder builder) {
        this.baseUrl = baseUrl;
        this.authorization = builder.apiKey == null ? null : "Bearer " + builder.apiKey;
        this.requestTimeout = builder.requestTimeout;
        // HTTP/1.1, not h2c: closing a stream's connection is the cancel signal the bridge watches.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(builder.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Returns a builder for {@code http://127.0.0.1:8080}, no API key, no request timeout. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the server root this client calls, without a trailing {@code /} or {@code /v1}. */
    public String baseUrl() {
        return baseUrl;
    }

    /**
     * Sends a chat completion request ({@code POST /v1/chat/completions}, {@code stream: false})
     * and blocks until the whole answer has been generated.
     *
     * @throws AirlockException when the server refuses or fails the request, or cannot be reached
     */
    public ChatCompletion chat(ChatRequest request) {
        String body = RequestEncoder.chat(request, false);
        return call(post("/v1/chat/completions", body), "POST /v1/chat/completions",
                ResponseDecoder::chatCompletion);
    }

    /**
     * Sends a chat completion request with {@code stream: true} and returns as soon as the server
     * has accepted it; chunks are read as they are iterated. Close the result (try-with-resources)
     * to release the connection, or to cancel the generation before its end.
     *
     * @throws AirlockException when the server refuses the request before streaming (e.g. an
     *     unknown model) or cannot be reached; errors after that are thrown by the stream
     */
    public ChatStream chatStream(ChatRequest request) {
        String source = "POST /v1/chat/completions (stream)";
        HttpRequest httpRequest = post("/v1/chat/completions", RequestEncoder.chat(request, true))
                .header("Accept", "text/event-stream")
                .build();
        HttpResponse<InputStream> response = send(httpRequest, HttpResponse.BodyHandlers.ofInputStream(),
                source);
        InputStream body = response.body();
        int status = response.statusCode();
        if (status / 100 != 2) {
            String text = readErrorBody(body);
            throw ErrorDecoder.fromResponse(status, text,
                    response.headers().firstValue("Retry-After").orElse(null), source);
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        boolean eventStream = contentType.toLowerCase(Locale.ROOT).contains("text/event-stream");
        if (!contentType.isEmpty() && !eventStream) {
            String text = readErrorBody(body);
            throw new ServerException(new ErrorInfo(status, null, null, ResponseDecoder.INVALID_RESPONSE,
                    "expected a text/event-stream answer, got Content-Type " + contentType + " and body "
                            + ResponseDecoder.quote(text), null, source), null);
        }
        return new ChatStream(body, source);
    }

    /**
     * Sends a plain-text completion request ({@code POST /v1/completions}) and blocks until the
     * answer has been generated.
     *
     * @throws AirlockException when the server refuses or fails the request, or cannot be reached
     */
    public Completion completions(CompletionRequest request) {
        return call(post("/v1/completions", RequestEncoder.completion(request)), "POST /v1/completions",
                ResponseDecoder::completion);
    }

    /**
     * Lists the served models and adapters ({@code GET /v1/models}).
     *
     * @throws AirlockException when the server fails or cannot be reached
     */
    public List<ModelInfo> models() {
        return call(get("/v1/models"), "GET /v1/models", ResponseDecoder::modelList);
    }

    /**
     * Describes one served model or adapter ({@code GET /v1/models/{id}}).
     *
     * @throws NotFoundException when the server does not serve {@code id}
     * @throws AirlockException for other failures
     */
    public ModelInfo model(String id) {
        String path = "/v1/models/" + URLEncoder.encode(requireText("id", id), StandardCharsets.UTF_8)
                .replace("+", "%20");
        return call(get(path), "GET " + path, ResponseDecoder::model);
    }

    /**
     * Asks whether the server is ready ({@code GET /health}).
     *
     * @return true for a 2xx answer; false for any other status, e.g. 503 while a model loads
     * @throws ConnectionException when the server cannot be reached
     * @throws RequestTimeoutException when it does not answer within the request timeout
     */
    public boolean health() {
        String source = "GET /health";
        var request = get("/health").header("Accept", "application/json").build();
        var response = send(request, HttpResponse.BodyHandlers.discarding(), source);
        return response.statusCode() / 100 == 2;
    }

    /**
     * Turns text into the model's token ids ({@code POST /tokenize}), without a chat template.
     *
     * @throws AirlockException when the server refuses or fails the request, or cannot be reached
     */
    public List<Integer> tokenize(String model, String prompt) {
        String body = RequestEncoder.tokenize(SamplingChecks.requireModel(model),
                requireNotNull("prompt", prompt));
        return call(post("/tokenize", body), "POST /tokenize", ResponseDecoder::tokens);
    }

    /**
     * Turns token ids back into text ({@code POST /detokenize}).
     *
     * @throws AirlockException when the server refuses or fails the request, or cannot be reached
     */
    public String detokenize(String model, List<Integer> tokens) {
        String body = RequestEncoder.detokenize(SamplingChecks.requireModel(model),
                List.copyOf(requireNotNull("tokens", tokens)));
        return call(post("/detokenize", body), "POST /detokenize", ResponseDecoder::prompt);
    }

    /**
     * Loads a LoRA adapter so that {@code name} can be sent as {@code model}
     * ({@code POST /v1/load_lora_adapter}).
     *
     * @param name the model name the adapter will be served as
     * @param path where the adapter's files are, as the server sees its file system
     * @throws AirlockException when the server refuses or fails the request, or cannot be reached
     */
    public void loadAdapter(String name, String path) {
        String body = RequestEncoder.adapter(requireText("name", name), requireText("path", path));
        exchange(post("/v1/load_lora_adapter", body), "POST /v1/load_lora_adapter");
    }

    /**
     * Unloads the LoRA adapter served as {@code name} ({@code POST /v1/unload_lora_adapter}).
     *
     * @throws AirlockException when the server refuses or fails the request, or cannot be reached
     */
    public void unloadAdapter(String name) {
        String body = RequestEncoder.adapter(requireText("name", name), null);
        exchange(post("/v1/unload_lora_adapter", body), "POST /v1/unload_lora_adapter");
    }

    /**
     * Generates a continuation of {@code prompt} with the original project's {@code POST /generate},
     * sending {@code {"model","prompt","max_tokens"}}, and returns its plain-text answer as is.
     *
     * @throws IllegalArgumentException when {@code maxTokens} is below 1
     * @throws AirlockException when the server refuses or fails the request, or cannot be reached
     */
    public String generate(String model, String prompt, int maxTokens) {
        SamplingChecks.checkMaxTokens(maxTokens);
        String body = RequestEncoder.generate(SamplingChecks.requireModel(model),
                requireNotNull("prompt", prompt), maxTokens);
        return exchange(post("/generate", body), "POST /generate").body();
    }

    /**
     * Shuts the client down: requests still in flight, open {@link ChatStream}s included, are
     * aborted, and later calls throw {@link IllegalStateException}. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            http.shutdownNow();
        }
    }

    private HttpRequest.Builder newRequest(String path) {
        var builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("User-Agent", "airlock-java-sdk");
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (requestTimeout != null) {
            builder.timeout(requestTimeout);
        }
        return builder;
    }

    private HttpRequest.Builder get(String path) {
        return newRequest(path).GET();
    }

    private HttpRequest.Builder post(String path, String json) {
        return newRequest(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    }

    /** Sends a request that expects a JSON answer, and maps that answer. */
    private <T> T call(HttpRequest.Builder request, String source, Function<JsonObject, T> mapper) {
        var response = exchange(request, source);
        return ResponseDecoder.decode(response.body(), response.statusCode(), source, mapper);
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request, String source) {
        return exchange(request.header("Accept", "application/json").build(), source);
    }

    /** Sends a request whose answer is read whole, and throws the error of a non-2xx status. */
    private HttpResponse<String> exchange(HttpRequest request, String source) {
        var handler = HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8);
        HttpResponse<String> response = send(request, handler, source);
        if (response.statusCode() / 100 != 2) {
            throw ErrorDecoder.fromResponse(response.statusCode(), response.body(),
                    response.headers().firstValue("Retry-After").orElse(null), source);
        }
        return response;
    }

    /** Sends a request, turning every way of getting no response into an {@link AirlockException}. */
    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            String source) {
        if (closed.get()) {
            throw new IllegalStateException("the AirlockClient for " + baseUrl
                    + " is closed; create a new one");
        }
        long startNanos = System.nanoTime();
        try {
            HttpResponse<T> response = http.send(request, handler);
            LOGGER.log(System.Logger.Level.DEBUG, "{0} -> {1,number,#} in {2,number,#} ms", source,
                    response.statusCode(), (System.nanoTime() - startNanos) / 1_000_000);
            return response;
        } catch (HttpConnectTimeoutException e) {
            throw new ConnectionException(ErrorInfo.withoutResponse("connect_timeout",
                    "could not connect to " + baseUrl + " within the connect timeout; check baseUrl"
                            + " and that the bridge is running", source), e);
        } catch (HttpTimeoutException e) {
            throw new RequestTimeoutException(ErrorInfo.withoutResponse("request_timeout",
                    "no response within requestTimeout=" + requestTimeout + "; raise it, or leave it"
                            + " unset for long generations", source), e);
        } catch (ConnectException e) {
            throw new ConnectionException(ErrorInfo.withoutResponse("connection_refused",
                    "could not connect to " + baseUrl + " (" + e + "); check baseUrl and that the"
                            + " bridge is running", source), e);
        } catch (IOException e) {
            throw new ConnectionException(ErrorInfo.withoutResponse("connection_failed",
                    "the exchange with " + baseUrl + " failed: " + e, source), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException(ErrorInfo.withoutResponse("interrupted",
                    "interrupted while waiting for " + baseUrl + "; the request was abandoned", source),
                    e);
        }
    }

    /** Reads up to {@value #MAX_ERROR_BODY_BYTES} bytes of an error answer, then closes it. */
    private static String readErrorBody(InputStream body) {
        try (body) {
            return new String(body.readNBytes(MAX_ERROR_BODY_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    private static <T> T requireNotNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    /** Collects the settings of an {@link AirlockClient}; not thread-safe. */
    public static final class Builder {
        private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
        private String baseUrl = "http://127.0.0.1:8080";
        private String apiKey;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout;

        private Builder() {
        }

        /**
         * Sets the server root, e.g. {@code http://127.0.0.1:8080} (the default). A trailing
         * {@code /v1}, as OpenAI clients take it, is accepted and dropped.
         */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /** Sets the key sent as {@code Authorization: Bearer <key>}; null or blank (the default) sends none. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
            return this;
        }

        /** Sets the longest wait to open a connection; 10 seconds by default. */
        public Builder connectTimeout(Duration connectTimeout) {
            if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive, got "
                        + connectTimeout);
            }
            this.connectTimeout = connectTimeout;
            return this;
        }

        /**
         * Sets the longest wait for a response to begin, after which the call throws
         * {@link RequestTimeoutException}. None by default, and null restores that: a blocking
         * {@link AirlockClient#chat(ChatRequest)} answers only when generation ends, so any limit
         * must cover the longest generation you allow. For a stream it bounds the wait for the
         * first byte of the answer only, not the time between chunks.
         */
        public Builder requestTimeout(Duration requestTimeout) {
            if (requestTimeout != null && (requestTimeout.isNegative() || requestTimeout.isZero())) {
                throw new IllegalArgumentException("requestTimeout must be positive or null (none), got "
                        + requestTimeout);
            }
            this.requestTimeout = requestTimeout;
            return this;
        }

        /**
         * Builds the client.
         *
         * @throws IllegalArgumentException when the base URL is not an http or https URL without
         *     query or fragment
         */
        public AirlockClient build() {
            return new AirlockClient(normalize(baseUrl), this);
        }

        private static String normalize(String baseUrl) {
            if (baseUrl == null || baseUrl.isBlank()) {
                throw new IllegalArgumentException("baseUrl must be set, e.g. http://127.0.0.1:8080");
            }
            URI uri;
            try {
                uri = URI.create(baseUrl.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("baseUrl must be an http or https URL, e.g."
                        + " http://127.0.0.1:8080; got " + baseUrl + " (" + e.getMessage() + ")", e);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("baseUrl must be an http or https URL with a host and no"
                        + " query or fragment, e.g. http://127.0.0.1:8080; got " + baseUrl);
            }
            String text = uri.toString();
            while (text.endsWith("/")) {
                text = text.substring(0, text.length() - 1);
            }
            if (text.endsWith("/v1")) {
                text = text.substring(0, text.length() - "/v1".length());
            }
            return text;
        }
    }
}
