package dev.airlock.bridge.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import io.helidon.webserver.http.ServerRequest;

import dev.airlock.bridge.openai.InvalidRequest;
import dev.airlock.bridge.openai.RequestTooLarge;

/** Reads a request body as strict UTF-8, refusing more than {@code bridge.max_body_bytes}. */
final class RequestBody {
    private final long maxBytes;

    RequestBody(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Returns the body text, empty when there is none.
     *
     * @throws RequestTooLarge when the body exceeds the limit, declared or read
     * @throws InvalidRequest when the body is not UTF-8
     */
    String read(ServerRequest request) {
        OptionalLong declared = request.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > maxBytes) {
            throw new RequestTooLarge(maxBytes);
        }
        if (!request.content().hasEntity()) {
            return "";
        }
        byte[] bytes;
        try (InputStream in = request.content().inputStream()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (HttpException | RequestException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // The client went away or broke the framing mid-body (Helidon reports a bad chunk
            // size as a NumberFormatException); it is the client's failure, not ours.
            throw new InvalidRequest("The request body could not be read: the connection broke or the "
                    + "chunked encoding is malformed.", null);
        }
        if (bytes.length > maxBytes) {
            throw new RequestTooLarge(maxBytes);
        }
        return decode(bytes);
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidRequest("The request body is not valid UTF-8; send JSON encoded as UTF-8.", null);
        }
    }
}
