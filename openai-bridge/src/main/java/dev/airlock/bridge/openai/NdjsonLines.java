package dev.airlock.bridge.openai;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * Splits body chunks from the airlock into lines on {@code \n}, each checked to be UTF-8 and at
 * most {@code maxLineBytes} long. Empty lines are skipped; a last line without a newline counts.
 * Not thread-safe: one reader per exchange.
 */
final class NdjsonLines {
    private final Supplier<byte[]> chunks;
    private final int maxLineBytes;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final ArrayDeque<String> ready = new ArrayDeque<>();
    private boolean ended;

    /**
     * @param chunks gives the next body chunk, or null at the end of the body
     * @param maxLineBytes the longest line accepted
     */
    NdjsonLines(Supplier<byte[]> chunks, int maxLineBytes) {
        this.chunks = chunks;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Returns the next non-empty line, or null once the body has ended.
     *
     * @throws BadAirlockAnswer for a line over the limit or one that is not UTF-8
     */
    String next() {
        while (ready.isEmpty() && !ended) {
            byte[] chunk = chunks.get();
            if (chunk == null) {
                ended = true;
                flush();
            } else {
                split(chunk);
            }
        }
        return ready.poll();
    }

    private void split(byte[] chunk) {
        int start = 0;
        for (int i = 0; i < chunk.length; i++) {
            if (chunk[i] == '\n') {
                append(chunk, start, i - start);
                flush();
                start = i + 1;
            }
        }
        append(chunk, start, chunk.length - start);
    }

    private void append(byte[] chunk, int offset, int length) {
        if ((long) partial.size() + length > maxLineBytes) {
            throw new BadAirlockAnswer("the airlock sent a generation event line longer than "
                    + maxLineBytes + " bytes");
        }
        partial.write(chunk, offset, length);
    }

    private void flush() {
        byte[] bytes = partial.toByteArray();
        partial.reset();
        String line = decode(bytes).strip();
        if (!line.isEmpty()) {
            ready.add(line);
        }
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadAirlockAnswer("the airlock sent a generation event that is not UTF-8", e);
        }
    }
}
