package dev.airlock.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the inference child among this machine's processes through {@code /proc} and reads its
 * resident memory. The child may sit behind {@code unshare}, so it is not necessarily our child.
 */
final class ChildProcess {
    private static final Path PROC = Path.of("/proc");

    private ChildProcess() {
    }

    /** Returns the pid of the one java process whose command line holds {@code argument}. */
    static long findJava(String argument) throws IOException {
        var matches = new ArrayList<Long>();
        try (Stream<Path> entries = Files.list(PROC)) {
            for (Path entry : entries.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                List<String> args = commandLine(entry);
                if (!args.isEmpty() && args.getFirst().endsWith("java") && args.contains(argument)) {
                    matches.add(Long.parseLong(entry.getFileName().toString()));
                }
            }
        }
        if (matches.size() != 1) {
            throw new IllegalStateException("expected one java process with " + argument
                    + " on its command line, found pids " + matches);
        }
        return matches.getFirst();
    }

    /** Returns the resident set size of {@code pid}, from {@code VmRSS} in /proc/pid/status. */
    static long rssBytes(long pid) throws IOException {
        Path status = PROC.resolve(Long.toString(pid)).resolve("status");
        for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
            if (line.startsWith("VmRSS:")) {
                String[] fields = line.substring("VmRSS:".length()).trim().split("\\s+");
                if (fields.length != 2 || !fields[1].equals("kB")) {
                    throw new IllegalStateException("unexpected VmRSS line in " + status + ": " + line);
                }
                return Long.parseLong(fields[0]) * 1024;
            }
        }
        throw new IllegalStateException(status + " has no VmRSS line; is process " + pid + " a zombie?");
    }

    private static List<String> commandLine(Path process) {
        try {
            byte[] bytes = Files.readAllBytes(process.resolve("cmdline"));
            var args = new ArrayList<String>();
            int from = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == 0) {
                    args.add(new String(bytes, from, i - from, StandardCharsets.UTF_8));
                    from = i + 1;
                }
            }
            return args;
        } catch (IOException e) {
            // A process that ended or that we may not read is not the child we started.
            return List.of();
        }
    }
}
