package dev.airlock.inference.checkpoint;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.json.JsonString;

/**
 * The weights of a checkpoint folder: {@code model.safetensors}, or the shards listed in
 * {@code model.safetensors.index.json}. Closing it closes every shard.
 */
public final class SafetensorsCheckpoint implements TensorSource {
    /** The single-file name Hugging Face writes. */
    public static final String SINGLE_FILE = "model.safetensors";
    /** The index of a sharded checkpoint. */
    public static final String INDEX_FILE = "model.safetensors.index.json";

    private final Path dir;
    private final List<SafetensorsReader> shards;
    private final Map<String, SafetensorsReader> owners;

    private SafetensorsCheckpoint(Path dir, List<SafetensorsReader> shards, Map<String, SafetensorsReader> owners) {
        this.dir = dir;
        this.shards = shards;
        this.owners = owners;
    }

    /**
     * Opens the weights of {@code dir}, validating every shard and the index.
     *
     * @throws IllegalArgumentException when files are missing, malformed or disagree with the index
     */
    public static SafetensorsCheckpoint open(Path dir) {
        Path index = dir.resolve(INDEX_FILE);
        if (Files.isRegularFile(index)) {
            return openSharded(dir, index);
        }
        Path single = dir.resolve(SINGLE_FILE);
        if (!Files.isRegularFile(single)) {
            throw new IllegalArgumentException("checkpoint folder " + dir + " has neither " + SINGLE_FILE
                    + " nor " + INDEX_FILE);
        }
        var reader = SafetensorsReader.open(single);
        var owners = new LinkedHashMap<String, SafetensorsReader>();
        reader.names().forEach(n -> owners.put(n, reader));
        return new SafetensorsCheckpoint(dir, List.of(reader), owners);
    }

    private static SafetensorsCheckpoint openSharded(Path dir, Path index) {
        JsonDocument document = JsonDocument.read(index);
        JsonDocument weightMap = document.optionalObject("weight_map")
                .orElseThrow(() -> new IllegalArgumentException(index + ": field 'weight_map' is missing"));
        var readers = new LinkedHashMap<String, SafetensorsReader>();
        var owners = new LinkedHashMap<String, SafetensorsReader>();
        try {
            for (var e : weightMap.object().entrySet()) {
                if (!(e.getValue() instanceof JsonString fileName)) {
                    throw new IllegalArgumentException(index + ": weight_map['" + e.getKey() + "'] must be a file name");
                }
                SafetensorsReader reader = readers.get(fileName.getString());
                if (reader == null) {
                    reader = SafetensorsReader.open(shardPath(dir, index, fileName.getString()));
                    readers.put(fileName.getString(), reader);
                }
                if (reader.find(e.getKey()).isEmpty()) {
                    throw new IllegalArgumentException(index + " maps tensor '" + e.getKey() + "' to "
                            + reader.file() + ", which does not contain it");
                }
                owners.put(e.getKey(), reader);
            }
        } catch (RuntimeException e) {
            readers.values().forEach(SafetensorsReader::close);
            throw e;
        }
        return new SafetensorsCheckpoint(dir, new ArrayList<>(readers.values()), owners);
    }

    private static Path shardPath(Path dir, Path index, String fileName) {
        Path shard = dir.resolve(fileName).normalize();
        if (!dir.normalize().equals(shard.getParent())) {
            throw new IllegalArgumentException(index + " names shard '" + fileName
                    + "' outside the checkpoint folder; expected a plain file name");
        }
        return shard;
    }

    /** Returns the checkpoint folder. */
    public Path dir() {
        return dir;
    }

    /** Returns the bytes of tensor data in every shard (what a full load reads at most). */
    public long totalBytes() {
        return owners.keySet().stream()
                .map(this::find)
                .flatMap(Optional::stream)
                .mapToLong(TensorEntry::sizeBytes)
                .sum();
    }

    /** Returns the shard files in index order. */
    public List<Path> files() {
        return shards.stream().map(SafetensorsReader::file).toList();
    }

    @Override
    public Set<String> names() {
        return Collections.unmodifiableSet(owners.keySet());
    }

    @Override
    public Optional<TensorEntry> find(String name) {
        SafetensorsReader owner = owners.get(name);
        return owner == null ? Optional.empty() : owner.find(name);
    }

    @Override
    public ByteBuffer map(TensorEntry entry, long offset, int length) {
        SafetensorsReader owner = owners.get(entry.name());
        if (owner == null) {
            throw new IllegalArgumentException(description() + " has no tensor '" + entry.name() + "'");
        }
        return owner.map(entry, offset, length);
    }

    @Override
    public String description() {
        return "checkpoint " + dir;
    }

    @Override
    public void close() {
        shards.forEach(SafetensorsReader::close);
    }
}
