package dev.airlock.channel.relay;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;

import dev.airlock.channel.LoopbackAddress;
import dev.airlock.channel.server.ChildFrames;

/**
 * Entry point of the relay, the process {@code docker exec} starts inside the container, in one
 * of two forms:
 * <ul>
 * <li>{@code RelayMain --frames 127.0.0.1:8082}: a {@link FramePump} to the server's frame
 *     socket ({@code serve --frames}), the bridge's default;
 * <li>{@code RelayMain --target http://127.0.0.1:8081}: an {@link HttpRelay} that turns each
 *     request into a loopback HTTP call ({@code serve --http}), for a server that offers only HTTP.
 * </ul>
 * Frames come in on stdin and go out on the frame descriptor (see {@link ChildFrames}); logs go
 * to stderr. Options: {@code --connect-timeout-millis N} (default 2000; the pump tries again
 * until then while the server is not listening yet) and, for {@code --target} only,
 * {@code --read-timeout-millis N} (default 300000, the longest pause between tokens).
 */
public final class RelayMain {
    private static final System.Logger LOGGER = System.getLogger(RelayMain.class.getName());

    private RelayMain() {
    }

    public static void main(String[] args) throws IOException {
        URI target = null;
        String frames = null;
        long connectMillis = 2_000;
        long readMillis = 300_000;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--target" -> target = URI.create(required(args[i], value));
                case "--frames" -> frames = required(args[i], value);
                case "--connect-timeout-millis" -> connectMillis = Long.parseLong(required(args[i], value));
                case "--read-timeout-millis" -> readMillis = Long.parseLong(required(args[i], value));
                default -> usage("unknown option " + args[i]);
            }
            i++;
        }
        if ((target == null) == (frames == null)) {
            usage("give one of --frames HOST:PORT and --target URL");
        }
        if (frames != null) {
            System.exit(pump(frames, Duration.ofMillis(connectMillis)));
        }
        var relay = new HttpRelay(target, Duration.ofMillis(connectMillis), Duration.ofMillis(readMillis));
        LOGGER.log(System.Logger.Level.INFO, "relaying channel frames to {0}", target);
        ChildFrames.serve(relay);
    }

    private static int pump(String address, Duration connectTimeout) throws IOException {
        FramePump pump;
        try {
            InetSocketAddress target = LoopbackAddress.parse("--frames", address);
            pump = new FramePump(target.getHostString(), target.getPort(), connectTimeout);
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
            return 2;
        }
        OutputStream toHost = ChildFrames.open();
        try {
            return pump.run(ChildFrames.input(), toHost);
        } catch (IOException e) {
            LOGGER.log(System.Logger.Level.ERROR, "the frame session with {0} failed: {1}", address, e.getMessage());
            return 1;
        }
    }

    private static String required(String option, String value) {
        if (value == null) {
            usage(option + " needs a value");
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println("airlock relay: " + problem + "\nusage: relay --frames 127.0.0.1:PORT"
                + " [--connect-timeout-millis N]\n       relay --target http://127.0.0.1:PORT"
                + " [--connect-timeout-millis N] [--read-timeout-millis N]");
        System.exit(2);
    }
}
