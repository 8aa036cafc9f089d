package dev.airlock.inference.generation;

import java.util.List;

/**
 * Finds stop strings in streamed text across token boundaries. Text that could still be the start
 * of a stop string is held back until it either completes one (and is dropped, with everything
 * after it) or cannot anymore (and is released).
 */
public final class StopStrings {
    private final List<String> stops;
    private final StringBuilder pending = new StringBuilder();
    private boolean stopped;

    public StopStrings(List<String> stops) {
        this.stops = stops.stream().filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Adds newly decoded text and returns what may be shown now.
     * After a stop string is found, {@link #stopped()} is true and later calls return "".
     */
    public String push(String text) {
        if (stopped) {
            return "";
        }
        pending.append(text);
        int first = -1;
        for (String stop : stops) {
            int at = pending.indexOf(stop);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        if (first >= 0) {
            stopped = true;
            String out = pending.substring(0, first);
            pending.setLength(0);
            return out;
        }
        int keep = heldBack();
        String out = pending.substring(0, pending.length() - keep);
        pending.delete(0, pending.length() - keep);
        return out;
    }

    /** Returns the text still held back, at the end of a generation that found no stop string. */
    public String flush() {
        String out = stopped ? "" : pending.toString();
        pending.setLength(0);
        return out;
    }

    /** Returns whether a stop string was found. */
    public boolean stopped() {
        return stopped;
    }

    private int heldBack() {
        int longest = 0;
        String text = pending.toString();
        for (String stop : stops) {
            int max = Math.min(stop.length() - 1, pending.length());
            for (int n = max; n > longest; n--) {
                if (text.regionMatches(text.length() - n, stop, 0, n)) {
                    longest = n;
                    break;
                }
            }
        }
        return longest;
    }
}
