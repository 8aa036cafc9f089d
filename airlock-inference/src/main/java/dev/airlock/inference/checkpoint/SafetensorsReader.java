package dev.airlock.inference.checkpoint;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;

/**
 * Reads one safetensors file: validates the header the way the reference reader does and maps
 * tensor data from the file on demand. Not thread-safe to close while mapping; reading is.
 */
public final class SafetensorsReader implements TensorSource {
    /** The header size limit of the reference implementation. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    private static final String METADATA_KEY = "__metadata__";

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorEntry> entries;
    private final Map<String, String> metadata;

    private SafetensorsReader(Path file, FileChannel channel, long dataStart,
            Map<String, TensorEntry> entries, Map<String, String> metadata) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.entries = entries;
        this.metadata = metadata;
    }

    /**
     * Opens and validates {@code file}.
     *
     * @throws IllegalArgumentException naming the file (and tensor) when the file is not valid safetensors
     * @throws UncheckedIOException when the file cannot be read
     */
    public static SafetensorsReader open(Path file) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open safetensors file " + file, e);
        }
        try {
            return read(file, channel);
        } catch (RuntimeException e) {
            closeQuietly(channel, e);
            throw e;
        }
    }

    private static SafetensorsReader read(Path file, FileChannel channel) {
        long fileSize = size(file, channel);
        if (fileSize < 8) {
            throw new IllegalArgumentException("safetensors file " + file + " has " + fileSize
                    + " bytes; expected at least the 8-byte header length");
        }
        long headerBytes = readLong(file, channel);
        if (headerBytes <= 0 || headerBytes > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("safetensors file " + file + " declares a header of "
                    + headerBytes + " bytes; expected 1.." + MAX_HEADER_BYTES);
        }
        if (8 + headerBytes > fileSize) {
            throw new IllegalArgumentException("safetensors file " + file + " declares a header of "
                    + headerBytes + " bytes but has only " + (fileSize - 8) + " after the length; truncated?");
        }
        String header = readHeader(file, channel, (int) headerBytes);
        var metadata = new LinkedHashMap<String, String>();
        var entries = parseHeader(file, header, metadata);
        validateLayout(file, entries, fileSize - 8 - headerBytes);
        return new SafetensorsReader(file, channel, 8 + headerBytes, entries, Collections.unmodifiableMap(metadata));
    }

    private static Map<String, TensorEntry> parseHeader(Path file, String header, Map<String, String> metadata) {
        var entries = new LinkedHashMap<String, TensorEntry>();
        try (JsonParser parser = Json.createParser(new StringReader(header))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new IllegalArgumentException("safetensors header of " + file + " is not a JSON object");
            }
            while (parser.hasNext()) {
                JsonParser.Event event = parser.next();
                if (event == JsonParser.Event.END_OBJECT) {
                    break;
                }
                String name = parser.getString();
                parser.next();
                JsonValue value = parser.getValue();
                if (METADATA_KEY.equals(name)) {
                    readMetadata(file, value, metadata);
                } else if (entries.put(name, parseEntry(file, name, value)) != null) {
                    throw new IllegalArgumentException("safetensors file " + file + " names tensor '"
                            + name + "' twice");
                }
            }
        } catch (JsonParsingException e) {
            throw new IllegalArgumentException("safetensors header of " + file + " is not valid JSON: "
                    + e.getMessage(), e);
        } catch (JsonException e) {
            throw new IllegalArgumentException("safetensors header of " + file + " cannot be parsed: "
                    + e.getMessage(), e);
        }
        return entries;
    }

    private static void readMetadata(Path file, JsonValue value, Map<String, String> metadata) {
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new IllegalArgumentException("safetensors file " + file + ": __metadata__ must be an object");
        }
        for (var e : value.asJsonObject().entrySet()) {
            if (!(e.getValue() instanceof JsonString s)) {
                throw new IllegalArgumentException("safetensors file " + file + ": __metadata__."
                        + e.getKey() + " must be a string");
            }
            metadata.put(e.getKey(), s.getString());
        }
    }

    private static TensorEntry parseEntry(Path file, String name, JsonValue value) {
        String where = "tensor '" + name + "' in " + file;
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new IllegalArgumentException(where + " is not a JSON object");
        }
        JsonObject object = value.asJsonObject();
        if (!(object.get("dtype") instanceof JsonString dtypeName)) {
            throw new IllegalArgumentException(where + " has no string field 'dtype'");
        }
        SafetensorsDtype dtype = SafetensorsDtype.fromHeaderName(dtypeName.getString())
                .orElseThrow(() -> new IllegalArgumentException(where + " has unknown dtype '"
                        + dtypeName.getString() + "'; known: " + List.of(SafetensorsDtype.values())));
        long[] shape = longArray(where, object, "shape", -1);
        long[] offsets = longArray(where, object, "data_offsets", 2);
        var entry = new TensorEntry(file, name, dtype, shape, offsets[0], offsets[1]);
        long expected;
        try {
            expected = Math.multiplyExact(entry.numel(), dtype.sizeBytes());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(where + " has shape " + entry.shapeText() + " too large", e);
        }
        if (expected != entry.sizeBytes()) {
            throw new IllegalArgumentException(where + " has shape " + entry.shapeText() + " of " + dtype
                    + " = " + expected + " bytes, but data_offsets span " + entry.sizeBytes() + " bytes");
        }
        return entry;
    }

    private static long[] longArray(String where, JsonObject object, String field, int length) {
        if (!(object.get(field) instanceof JsonArray array)) {
            throw new IllegalArgumentException(where + " has no array field '" + field + "'");
        }
        if (length >= 0 && array.size() != length) {
            throw new IllegalArgumentException(where + ": '" + field + "' has " + array.size()
                    + " values; expected " + length);
        }
        long[] values = new long[array.size()];
        for (int i = 0; i < values.length; i++) {
            if (!(array.get(i) instanceof JsonNumber n) || !n.isIntegral() || n.longValue() < 0) {
                throw new IllegalArgumentException(where + ": '" + field + "' must hold non-negative integers, found "
                        + array.get(i));
            }
            values[i] = n.longValueExact();
        }
        return values;
    }

    private static void validateLayout(Path file, Map<String, TensorEntry> entries, long dataBytes) {
        var sorted = new ArrayList<>(entries.values());
        sorted.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
        long expectedBegin = 0;
        for (TensorEntry e : sorted) {
            if (e.begin() != expectedBegin) {
                throw new IllegalArgumentException("tensor '" + e.name() + "' in " + file + " starts at byte "
                        + e.begin() + " of the data; expected " + expectedBegin
                        + " (offsets must be contiguous without gaps or overlaps)");
            }
            expectedBegin = e.end();
        }
        if (expectedBegin != dataBytes) {
            String last = sorted.isEmpty() ? "the header" : "tensor '" + sorted.getLast().name() + "'";
            throw new IllegalArgumentException("safetensors file " + file + " has " + dataBytes
                    + " bytes of data but " + last + " ends at " + expectedBegin
                    + (expectedBegin > dataBytes ? "; the file is truncated" : "; trailing bytes"));
        }
    }

    private static long size(Path file, FileChannel channel) {
        try {
            return channel.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + file, e);
        }
    }

    private static long readLong(Path file, FileChannel channel) {
        ByteBuffer buffer = readFully(file, channel, 0, 8);
        return buffer.order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    private static String readHeader(Path file, FileChannel channel, int length) {
        ByteBuffer buffer = readFully(file, channel, 8, length);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(buffer)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("safetensors header of " + file + " is not valid UTF-8", e);
        }
    }

    private static ByteBuffer readFully(Path file, FileChannel channel, long position, int length) {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, position + buffer.position()) < 0) {
                    throw new IllegalArgumentException("safetensors file " + file + " ends inside its header");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return buffer.flip();
    }

    private static void closeQuietly(FileChannel channel, RuntimeException cause) {
        try {
            channel.close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    /** Returns the path this reader was opened on. */
    public Path file() {
        return file;
    }

    /** Returns the {@code __metadata__} strings, empty when absent. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Returns every tensor in header order. */
    public List<TensorEntry> entries() {
        return List.copyOf(entries.values());
    }

    @Override
    public Set<String> names() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    @Override
    public Optional<TensorEntry> find(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    @Override
    public ByteBuffer map(TensorEntry entry, long offset, int length) {
        if (!entry.file().equals(file) || entries.get(entry.name()) == null) {
            throw new IllegalArgumentException("tensor '" + entry.name() + "' does not belong to " + file);
        }
        if (offset < 0 || length < 0 || offset + length > entry.sizeBytes()) {
            throw new IllegalArgumentException("range [" + offset + ", " + (offset + length) + ") is outside tensor '"
                    + entry.name() + "' of " + entry.sizeBytes() + " bytes in " + file);
        }
        try {
            return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + entry.begin() + offset, length)
                    .order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map tensor '" + entry.name() + "' of " + file, e);
        }
    }

    @Override
    public String description() {
        return "safetensors file " + file;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }
}
