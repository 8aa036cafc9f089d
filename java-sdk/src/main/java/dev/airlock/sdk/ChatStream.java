package dev.airlock.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import jakarta.json.JsonObject;

/**
 * The chunks of one streamed chat completion, read from the server-sent events as they arrive.
 * Iterate it directly ({@link #hasNext()} blocks until the next chunk) or through
 * {@link #stream()}; it ends after {@code data: [DONE]}. An error event from the server is thrown
 * from {@link #hasNext()} as the {@link AirlockException} of its type, and ends the stream.
 *
 * <p>Always close it, with try-with-resources: closing before the end closes the HTTP connection,
 * which is how the server learns to cancel the generation. One thread iterates; {@link #close()}
 * may be called from any thread and more than once.
 */
public final class ChatStream implements Iterator<ChatChunk>, AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(ChatStream.class.getName());
    private static final String DONE = "[DONE]";

    private final InputStream body;
    private final ServerSentEventReader events;
    private final String source;
    private final AtomicBoolean closed = new AtomicBoolean();
    private ChatChunk next;
    private boolean finished;
    private int chunkCount;

    ChatStream(InputStream body, String source) {
        this.body = body;
        this.events = new ServerSentEventReader(body);
        this.source = source;
    }

    /**
     * Returns whether another chunk comes, blocking until it arrives or the stream ends.
     *
     * @throws AirlockException for an error event in the stream, a chunk that is not valid JSON
     *     ({@link ServerException}), or a connection that broke or ended before {@code [DONE]}
     *     ({@link ConnectionException}); not thrown after {@link #close()}
     */
    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (finished || closed.get()) {
            return false;
        }
        String data = readData();
        if (data == null || DONE.equals(data)) {
            finish();
            return false;
        }
        try {
            next = ResponseDecoder.decode(data, 200, source, this::chunkOrError);
        } catch (AirlockException e) {
            finish();
            throw e;
        }
        chunkCount++;
        LOGGER.log(System.Logger.Level.TRACE, "chunk {0,number,#} of {1}", chunkCount, source);
        return true;
    }

    /**
     * Returns the next chunk, blocking until it arrives.
     *
     * @throws NoSuchElementException when the stream has ended or was closed
     * @throws AirlockException as {@link #hasNext()} does
     */
    @Override
    public ChatChunk next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the chat stream has ended after " + chunkCount + " chunks");
        }
        ChatChunk chunk = next;
        next = null;
        return chunk;
    }

    /**
     * Returns the remaining chunks as a sequential {@link Stream}; closing that stream closes this
     * one. Consume it on one thread, once.
     */
    public Stream<ChatChunk> stream() {
        Spliterator<ChatChunk> chunks = Spliterators.spliteratorUnknownSize(this,
                Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(chunks, false).onClose(this::close);
    }

    /**
     * Closes the HTTP response body; before the end of the stream this closes the connection, so
     * the server stops generating. Idempotent; iteration then ends without an exception.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            body.close();
        } catch (IOException e) {
            LOGGER.log(System.Logger.Level.DEBUG, "closing the stream of " + source + " failed", e);
        }
        LOGGER.log(System.Logger.Level.DEBUG, "stream of {0} closed after {1,number,#} chunks",
                source, chunkCount);
    }

    /** Returns the next event's data; null when the stream ended because it was closed. */
    private String readData() {
        String data;
        try {
            data = events.nextData();
        } catch (IOException e) {
            boolean closedByCaller = closed.get();
            finish();
            if (closedByCaller) {
                return null;
            }
            throw new ConnectionException(ErrorInfo.withoutResponse("stream_broken",
                    "reading the stream failed after " + chunkCount + " chunks: " + e, source), e);
        }
        if (data == null && !closed.get()) {
            finish();
            throw new ConnectionException(ErrorInfo.withoutResponse("stream_truncated",
                    "the stream ended after " + chunkCount + " chunks without data: [DONE];"
                            + " the server closed the connection mid-answer", source), null);
        }
        return data;
    }

    private ChatChunk chunkOrError(JsonObject json) {
        if (ErrorDecoder.isErrorEvent(json)) {
            throw ErrorDecoder.fromEvent(json, source);
        }
        return ResponseDecoder.chatChunk(json);
    }

    private void finish() {
        finished = true;
        close();
    }
}
