package dev.airlock.bridge.config;

import java.util.List;

/** The configuration has problems; {@link #problems()} lists each with its JSON path. */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(String source, List<String> problems) {
        super(source + " has " + problems.size() + (problems.size() == 1 ? " problem:" : " problems:")
                + System.lineSeparator() + "  " + String.join(System.lineSeparator() + "  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Returns one line per problem, each starting with its JSON path, e.g. {@code $.bridge.port}. */
    public List<String> problems() {
        return problems;
    }
}
