package dev.airlock.channel.process;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Whether this machine can start a process in a network namespace of its own, and the command
 * prefix that does it. {@code unshare --net} needs CAP_SYS_ADMIN (root); a normal user gets one
 * through a user namespace, {@code unshare --user --map-root-user --net}, where the kernel allows
 * unprivileged user namespaces.
 *
 * @param prefix the command words to put before the child's command; empty when unavailable
 * @param reason what was found, for the log: the prefix that worked or why none did
 */
record NetworkIsolation(List<String> prefix, String reason) {
    private static final System.Logger LOGGER = System.getLogger(NetworkIsolation.class.getName());
    private static final long PROBE_SECONDS = 10;

    NetworkIsolation {
        prefix = List.copyOf(prefix);
    }

    boolean available() {
        return !prefix.isEmpty();
    }

    /** Returns the {@code unshare} binary on the PATH, if any. */
    static Optional<Path> findUnshare() {
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin"));
        if (path != null) {
            dirs.addAll(0, List.of(path.split(":")));
        }
        return dirs.stream()
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "unshare"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Tries each way to unshare the network, running a shell in it that lists the namespace's
     * interfaces; the first that starts and sees loopback only wins.
     */
    static NetworkIsolation probe() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return new NetworkIsolation(List.of(), "not Linux (os.name="
                    + System.getProperty("os.name") + ")");
        }
        Optional<Path> unshare = findUnshare();
        if (unshare.isEmpty()) {
            return new NetworkIsolation(List.of(), "no unshare binary on the PATH");
        }
        String binary = unshare.get().toString();
        List<List<String>> candidates = List.of(
                List.of(binary, "--net"),
                List.of(binary, "--user", "--map-root-user", "--net"));
        var failures = new ArrayList<String>();
        for (List<String> candidate : candidates) {
            String failure = tryPrefix(candidate);
            if (failure == null) {
                return new NetworkIsolation(candidate, String.join(" ", candidate));
            }
            failures.add(String.join(" ", candidate) + ": " + failure);
        }
        return new NetworkIsolation(List.of(), String.join("; ", failures));
    }

    /** Returns null when the prefix yields a namespace with loopback only, else why not. */
    private static String tryPrefix(List<String> prefix) {
        var command = new ArrayList<>(prefix);
        command.addAll(List.of("/bin/sh", "-c", "cat /proc/net/dev"));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "did not finish within " + PROBE_SECONDS + " s";
            }
            if (process.exitValue() != 0) {
                return "exit status " + process.exitValue() + ": " + firstLine(output);
            }
            List<String> interfaces = output.lines()
                    .filter(line -> line.contains(":") && !line.contains("|"))
                    .map(line -> line.substring(0, line.indexOf(':')).strip())
                    .toList();
            if (!interfaces.equals(List.of("lo"))) {
                return "the namespace shows interfaces " + interfaces + ", expected [lo]";
            }
            return null;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String firstLine(String output) {
        String line = output.lines().findFirst().orElse("").strip();
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    void log() {
        if (available()) {
            LOGGER.log(Level.INFO, "network isolation: {0}", reason);
        }
    }
}
