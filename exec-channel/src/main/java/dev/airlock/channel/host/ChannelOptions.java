package dev.airlock.channel.host;

import java.time.Duration;
import java.util.Objects;

import dev.airlock.channel.frame.FrameReader;

/**
 * Limits of a {@link MultiplexedChannel}.
 *
 * @param maxFrameBytes largest frame payload read or written ({@code channel.max-frame-bytes})
 * @param maxBufferedBytes body bytes one exchange may hold before its reader has taken them
 *     ({@code channel.max-buffered-bytes}); one frame is always accepted into an empty buffer
 * @param backpressureTimeout how long the channel's reader waits for a slow exchange to make room
 *     before failing that exchange ({@code channel.backpressure-timeout})
 * @param closeTimeout how long {@link MultiplexedChannel#close()} waits for the airlock to end
 *     the session after GOODBYE before forcing it ({@code channel.close-timeout})
 */
public record ChannelOptions(
        int maxFrameBytes, long maxBufferedBytes, Duration backpressureTimeout, Duration closeTimeout) {
    /** 8 MiB frames, 1 MiB buffered per exchange, 5 s backpressure wait, 2 s close wait. */
    public static final ChannelOptions DEFAULTS = new ChannelOptions(
            FrameReader.DEFAULT_MAX_FRAME_BYTES, 1024 * 1024, Duration.ofSeconds(5),
            Duration.ofSeconds(2));

    public ChannelOptions {
        if (maxFrameBytes < FrameReader.MAX_PING_BYTES) {
            throw new IllegalArgumentException("maxFrameBytes must be >= "
                    + FrameReader.MAX_PING_BYTES + ", got " + maxFrameBytes);
        }
        if (maxBufferedBytes < 1) {
            throw new IllegalArgumentException("maxBufferedBytes must be >= 1, got "
                    + maxBufferedBytes);
        }
        requirePositive(backpressureTimeout, "backpressureTimeout");
        requirePositive(closeTimeout, "closeTimeout");
    }

    /** Returns these options with another frame limit. */
    public ChannelOptions withMaxFrameBytes(int value) {
        return new ChannelOptions(value, maxBufferedBytes, backpressureTimeout, closeTimeout);
    }

    /** Returns these options with another per-exchange buffer limit. */
    public ChannelOptions withMaxBufferedBytes(long value) {
        return new ChannelOptions(maxFrameBytes, value, backpressureTimeout, closeTimeout);
    }

    /** Returns these options with another backpressure wait. */
    public ChannelOptions withBackpressureTimeout(Duration value) {
        return new ChannelOptions(maxFrameBytes, maxBufferedBytes, value, closeTimeout);
    }

    /** Returns these options with another close wait. */
    public ChannelOptions withCloseTimeout(Duration value) {
        return new ChannelOptions(maxFrameBytes, maxBufferedBytes, backpressureTimeout, value);
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
