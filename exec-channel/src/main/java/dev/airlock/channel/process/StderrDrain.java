package dev.airlock.channel.process;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Reads a child's stderr to its end, so the child never blocks on a full pipe, and hands it on
 * line by line: lines cut at {@code maxLineBytes}, at most {@code maxLinesPerSecond} a second,
 * with a count of those dropped. Memory stays at one line whatever the child writes. Used for
 * child processes and for {@code docker exec} sessions alike.
 */
public final class StderrDrain implements Runnable {
    private static final long SECOND_NANOS = 1_000_000_000L;

    private final InputStream in;
    private final int maxLineBytes;
    private final int maxLinesPerSecond;
    private final Consumer<String> lines;
    private final LongSupplier nanoClock;
    private long windowStart;
    private int inWindow;
    private long suppressed;

    public StderrDrain(InputStream in, int maxLineBytes, int maxLinesPerSecond, Consumer<String> lines,
            LongSupplier nanoClock) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.maxLinesPerSecond = maxLinesPerSecond;
        this.lines = lines;
        this.nanoClock = nanoClock;
        this.windowStart = nanoClock.getAsLong();
    }

    @Override
    public void run() {
        var line = new ByteArrayOutputStream();
        long cut = 0;
        try (var bytes = new BufferedInputStream(in)) {
            for (int b = bytes.read(); b >= 0; b = bytes.read()) {
                if (b == '\n') {
                    emit(line, cut);
                    cut = 0;
                } else if (line.size() < maxLineBytes) {
                    line.write(b);
                } else {
                    cut++;
                }
            }
        } catch (IOException e) {
            // The child is gone and its pipe with it; what was read is still logged below.
        }
        if (line.size() > 0 || cut > 0) {
            emit(line, cut);
        }
        if (suppressed > 0) {
            lines.accept("[" + suppressed + " stderr lines dropped: over " + maxLinesPerSecond
                    + " a second]");
        }
    }

    private void emit(ByteArrayOutputStream line, long cut) {
        String text = line.toString(StandardCharsets.UTF_8).stripTrailing();
        line.reset();
        if (cut > 0) {
            text += " [" + cut + " more bytes cut]";
        }
        long now = nanoClock.getAsLong();
        if (now - windowStart >= SECOND_NANOS) {
            if (suppressed > 0) {
                lines.accept("[" + suppressed + " stderr lines dropped: over " + maxLinesPerSecond
                        + " a second]");
                suppressed = 0;
            }
            windowStart = now;
            inWindow = 0;
        }
        if (inWindow < maxLinesPerSecond) {
            inWindow++;
            lines.accept(text);
        } else {
            suppressed++;
        }
    }
}
