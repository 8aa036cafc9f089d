package dev.airlock.bridge.container;

import java.util.List;

/**
 * The outcome of {@link AirlockContainer#check}: every problem found, one line each.
 *
 * @param container the container checked
 * @param problems what is not locked down, empty when the container passes
 */
public record CheckReport(String container, List<String> problems) {
    public CheckReport {
        problems = List.copyOf(problems);
    }

    /** Returns whether the container passed every check. */
    public boolean passed() {
        return problems.isEmpty();
    }

    /** Returns the report as text, e.g. for the log or the terminal. */
    public String describe() {
        if (passed()) {
            return "container " + container + " is locked down: no network, no capabilities,"
                    + " no-new-privileges, read-only root, non-root user, pids and memory limits";
        }
        return "container " + container + " FAILS the airlock check:\n  - "
                + String.join("\n  - ", problems);
    }
}
