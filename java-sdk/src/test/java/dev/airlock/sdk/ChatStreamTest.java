package dev.airlock.sdk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.airlock.dto.Json;
import dev.airlock.dto.openai.ChatCompletionChunk;
import dev.airlock.dto.openai.ChatCompletionRequest;
import dev.airlock.dto.openai.ChunkChoice;
import dev.airlock.dto.openai.Delta;

import static dev.airlock.sdk.StandInServer.fixture;
import static dev.airlock.sdk.StandInServer.json;
import static dev.airlock.sdk.StandInServer.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatStreamTest {
    private static final String ROLE_CHUNK = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"phi\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"},"
            + "\"finish_reason\":null}]}";
    private static final String HELLO_CHUNK = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"phi\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"},"
            + "\"finish_reason\":null}]}";
    private static final long WAIT_SECONDS = 10;

    private final StandInServer server = StandInServer.start();

    @AfterEach
    void stopServer() {
        server.close();
    }

    private static ChatRequest request() {
        return ChatRequest.builder()
                .model("phi-4-mini-instruct")
                .addUserMessage("Hello")
                .streamIncludeUsage(true)
                .build();
    }

    private static List<ChatChunk> readAll(ChatStream stream) {
        List<ChatChunk> chunks = new ArrayList<>();
        stream.forEachRemaining(chunks::add);
        return chunks;
    }

    @Test
    void streamsRoleContentFinishAndUsageChunksUntilDone() {
        server.route("/v1/chat/completions", sse(fixture("chat-stream.sse")));

        List<ChatChunk> chunks;
        try (var client = server.client(); var stream = client.chatStream(request())) {
            chunks = readAll(stream);
        }

        assertThat(chunks).hasSize(5);
        assertThat(chunks).extracting(ChatChunk::id).containsOnly("chatcmpl-123");
        assertThat(chunks.get(0).choices().getFirst().delta()).isEqualTo(new ChatDelta("assistant", ""));
        assertThat(chunks).extracting(ChatChunk::content).containsExactly("", "Hello", " world", "", "");
        assertThat(chunks.get(3).choices().getFirst().finishReason()).isEqualTo("stop");
        assertThat(chunks.get(3).choices().getFirst().delta()).isEqualTo(new ChatDelta(null, null));
        assertThat(chunks.subList(0, 4)).extracting(ChatChunk::usage).containsOnlyNulls();
        assertThat(chunks.get(4).choices()).isEmpty();
        assertThat(chunks.get(4).usage()).isEqualTo(new Usage(9, 2, 11));
    }

    @Test
    void sendsStreamTrueWithIncludeUsage() throws InterruptedException {
        server.route("/v1/chat/completions", sse(fixture("chat-stream.sse")));

        try (var client = server.client(); var stream = client.chatStream(request())) {
            readAll(stream);
        }

        var received = server.takeRequest();
        assertThat(received.header("Accept")).isEqualTo("text/event-stream");
        JsonObject body = JsonProvider.provider().createReader(new StringReader(received.body())).readObject();
        assertThat(body.getBoolean("stream")).isTrue();
        assertThat(body.getJsonObject("stream_options").getBoolean("include_usage")).isTrue();
        var asBridgeReadsIt = Json.read(received.body(), ChatCompletionRequest.class);
        assertThat(asBridgeReadsIt.isStream()).isTrue();
        assertThat(asBridgeReadsIt.includeUsage()).isTrue();
    }

    @Test
    void readsDataLinesWithoutSpaceAfterColon() {
        server.route("/v1/chat/completions", sse("data:" + ROLE_CHUNK + "\n\ndata:" + HELLO_CHUNK
                + "\r\n\r\ndata:[DONE]\n\n"));

        List<ChatChunk> chunks;
        try (var client = server.client(); var stream = client.chatStream(request())) {
            chunks = readAll(stream);
        }

        assertThat(chunks).extracting(ChatChunk::content).containsExactly("", "Hello");
    }

    @Test
    void parsesChunksAsTheBridgeWritesThem() {
        var role = new ChatCompletionChunk("c9", ChatCompletionChunk.OBJECT, 2L, "phi-4-mini-demo", "fp",
                List.of(new ChunkChoice(0, new Delta("assistant", null), null, null)), null);
        var text = new ChatCompletionChunk("c9", ChatCompletionChunk.OBJECT, 2L, "phi-4-mini-demo", "fp",
                List.of(new ChunkChoice(0, new Delta(null, "Hi"), null, "length")), null);
        var usage = new ChatCompletionChunk("c9", ChatCompletionChunk.OBJECT, 2L, "phi-4-mini-demo", "fp",
                List.of(), dev.airlock.dto.openai.Usage.of(4, 1));
        server.route("/v1/chat/completions", sse("data: " + Json.write(role) + "\n\ndata: " + Json.write(text)
                + "\n\ndata: " + Json.write(usage) + "\n\ndata: [DONE]\n\n"));

        List<ChatChunk> chunks;
        try (var client = server.client(); var stream = client.chatStream(request())) {
            chunks = readAll(stream);
        }

        assertThat(chunks).extracting(ChatChunk::content).containsExactly("", "Hi", "");
        assertThat(chunks.get(1).choices().getFirst().finishReason()).isEqualTo("length");
        assertThat(chunks.get(2).usage()).isEqualTo(new Usage(4, 1, 5));
    }

    @Test
    void streamOfChunksJoinsTheAnswer() {
        server.route("/v1/chat/completions", sse(fixture("chat-stream.sse")));

        String answer;
        try (var client = server.client(); var chunks = client.chatStream(request()).stream()) {
            answer = chunks.map(ChatChunk::content).collect(Collectors.joining());
        }

        assertThat(answer).isEqualTo("Hello world");
    }

    @Test
    void errorEventMidStreamRaisesTypedException() {
        server.route("/v1/chat/completions", sse("data: " + ROLE_CHUNK + "\n\ndata: " + HELLO_CHUNK + "\n\n"
                + "data: {\"error\":{\"message\":\"the airlock timed out after 30000 ms\",\"type\":\"server_error\","
                + "\"param\":null,\"code\":\"airlock_timeout\"}}\n\n"));
        List<ChatChunk> before = new ArrayList<>();

        try (var client = server.client(); var stream = client.chatStream(request())) {
            assertThatThrownBy(() -> stream.forEachRemaining(before::add))
                    .isInstanceOf(GatewayTimeoutException.class)
                    .hasMessageContaining("the airlock timed out after 30000 ms")
                    .satisfies(e -> {
                        var error = (AirlockException) e;
                        assertThat(error.code()).isEqualTo("airlock_timeout");
                        assertThat(error.type()).isEqualTo("server_error");
                        assertThat(error.status()).isEqualTo(504);
                    });
            assertThat(stream.hasNext()).isFalse();
        }

        assertThat(before).extracting(ChatChunk::content).containsExactly("", "Hello");
    }

    @Test
    void invalidRequestEventMidStreamRaisesInvalidRequestException() {
        server.route("/v1/chat/completions", sse("data: " + ROLE_CHUNK + "\n\n"
                + "data: {\"error\":{\"message\":\"prompt too long\",\"type\":\"invalid_request_error\","
                + "\"param\":\"messages\",\"code\":null}}\n\n"));

        try (var client = server.client(); var stream = client.chatStream(request())) {
            stream.next();

            assertThatThrownBy(stream::next)
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("prompt too long")
                    .extracting(e -> ((AirlockException) e).param())
                    .isEqualTo("messages");
        }
    }

    @Test
    void streamEndingWithoutDoneRaisesConnectionException() {
        server.route("/v1/chat/completions", sse("data: " + ROLE_CHUNK + "\n\n"));

        try (var client = server.client(); var stream = client.chatStream(request())) {
            stream.next();

            assertThatThrownBy(stream::hasNext)
                    .isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("without data: [DONE]")
                    .extracting(e -> ((AirlockException) e).code())
                    .isEqualTo("stream_truncated");
        }
    }

    @Test
    void connectionBrokenMidStreamRaisesConnectionException() throws Exception {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answerer = Thread.ofVirtual().start(() -> answerThenBreak(socket));

            try (var client = AirlockClient.builder().baseUrl("http://127.0.0.1:" + socket.getLocalPort()).build();
                    var stream = client.chatStream(request())) {
                stream.next();

                assertThatThrownBy(stream::hasNext)
                        .isInstanceOf(ConnectionException.class)
                        .hasMessageContaining("after 1 chunks")
                        .extracting(e -> ((AirlockException) e).code())
                        .isEqualTo("stream_broken");
            }
            assertThat(answerer.join(Duration.ofSeconds(WAIT_SECONDS))).isTrue();
        }
    }

    /** Answers one request with a chunked event stream that stops mid-body, without its last chunk. */
    private static void answerThenBreak(ServerSocket server) {
        try (Socket socket = server.accept()) {
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            int contentLength = 0;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    contentLength = Integer.parseInt(line.substring("content-length:".length()).strip());
                }
            }
            char[] body = new char[contentLength];
            int read = 0;
            while (read < contentLength) {
                read += in.read(body, read, contentLength - read);
            }
            String event = "data: " + ROLE_CHUNK + "\n\n";
            byte[] eventBytes = event.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(eventBytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(eventBytes);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the breaking stand-in failed", e);
        }
    }

    @Test
    void errorStatusBeforeStreamingRaisesTypedException() {
        server.route("/v1/chat/completions", json(404, "{\"error\":{\"message\":\"The model 'nope' does not exist\","
                + "\"type\":\"invalid_request_error\",\"param\":\"model\",\"code\":\"model_not_found\"}}"));

        try (var client = server.client()) {
            assertThatThrownBy(() -> client.chatStream(request()))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("The model 'nope' does not exist")
                    .extracting(e -> ((AirlockException) e).code())
                    .isEqualTo("model_not_found");
        }
    }

    @Test
    void nonEventStreamAnswerRaisesServerException() {
        server.route("/v1/chat/completions", json(200, fixture("chat-completion.json")));

        try (var client = server.client()) {
            assertThatThrownBy(() -> client.chatStream(request()))
                    .isInstanceOf(ServerException.class)
                    .hasMessageContaining("expected a text/event-stream answer");
        }
    }

    @Test
    void nextAfterDoneThrowsNoSuchElement() {
        server.route("/v1/chat/completions", sse("data: " + ROLE_CHUNK + "\n\ndata: [DONE]\n\n"));

        try (var client = server.client(); var stream = client.chatStream(request())) {
            stream.next();

            assertThatThrownBy(stream::next).isInstanceOf(NoSuchElementException.class);
        }
    }

    @Test
    void closingEarlyClosesTheConnection() throws InterruptedException {
        var clientGone = new CountDownLatch(1);
        server.route("/v1/chat/completions", endlessStream(clientGone));

        try (var client = server.client()) {
            try (var stream = client.chatStream(request())) {
                assertThat(stream.next().content()).isEqualTo("");
                assertThat(stream.next().content()).isEqualTo("Hello");
            }

            assertThat(clientGone.await(WAIT_SECONDS, TimeUnit.SECONDS))
                    .as("the stand-in saw the connection close")
                    .isTrue();
        }
    }

    @Test
    void closingFromAnotherThreadUnblocksTheReaderAndClosesTheConnection() throws InterruptedException {
        var clientGone = new CountDownLatch(1);
        server.route("/v1/chat/completions", endlessStream(clientGone));

        try (var client = server.client(); var stream = client.chatStream(request())) {
            stream.next();
            stream.next();
            Thread closer = Thread.ofVirtual().start(stream::close);

            // Only keep-alive comments follow, so hasNext() returns only once the closer has closed.
            assertThat(stream.hasNext()).isFalse();
            assertThat(closer.join(Duration.ofSeconds(WAIT_SECONDS))).isTrue();
            assertThat(clientGone.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Sends two chunks, then keeps the stream open with comments until the client goes away. */
    private static StandInServer.Responder endlessStream(CountDownLatch clientGone) {
        byte[] keepAlive = (": " + "x".repeat(1000) + "\n\n").getBytes(StandardCharsets.UTF_8);
        return exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            try {
                String firstChunks = "data: " + ROLE_CHUNK + "\n\ndata: " + HELLO_CHUNK + "\n\n";
                out.write(firstChunks.getBytes(StandardCharsets.UTF_8));
                out.flush();
                while (true) {
                    out.write(keepAlive);
                    out.flush();
                }
            } catch (IOException e) {
                clientGone.countDown();
            }
        };
    }
}
