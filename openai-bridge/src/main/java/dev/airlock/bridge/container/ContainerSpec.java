package dev.airlock.bridge.container;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link AirlockContainer#create} makes: the isolation settings are not parameters, only the
 * resources and mounts are.
 *
 * @param name the container name the bridge execs into ({@code transport.container})
 * @param image the image, e.g. one built from the repository's Dockerfile
 * @param user a non-root {@code uid:gid}
 * @param memoryBytes the memory limit (swap included)
 * @param pidsLimit the most processes and threads inside
 * @param tmpfsBytes the size of the writable {@code /tmp}
 * @param readOnlyMounts host folder to container folder, e.g. models and adapters
 * @param gpus whether to request every GPU ({@code --gpus all})
 * @param command the container's main process (the persistent server), or empty for the image's
 */
public record ContainerSpec(String name, String image, String user, long memoryBytes, long pidsLimit,
        long tmpfsBytes, Map<String, String> readOnlyMounts, boolean gpus, List<String> command) {
    public ContainerSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        if (user == null || user.isBlank() || user.equals("0") || user.startsWith("0:") || user.equals("root")) {
            throw new IllegalArgumentException("user must be a non-root uid:gid, got " + user);
        }
        if (memoryBytes < 64L * 1024 * 1024) {
            throw new IllegalArgumentException("memoryBytes must be >= 64 MiB, got " + memoryBytes);
        }
        if (pidsLimit < 16) {
            throw new IllegalArgumentException("pidsLimit must be >= 16, got " + pidsLimit);
        }
        readOnlyMounts = readOnlyMounts == null ? Map.of() : Map.copyOf(readOnlyMounts);
        command = command == null ? List.of() : List.copyOf(command);
    }
}
