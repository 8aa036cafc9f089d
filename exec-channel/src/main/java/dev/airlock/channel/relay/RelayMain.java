package dev.airlock.channel.relay;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

import dev.airlock.channel.server.ChildFrames;

/**
 * Entry point of the relay, the process {@code docker exec} starts inside the container:
 * {@code java -cp 'lib/*' dev.airlock.channel.relay.RelayMain --target http://127.0.0.1:8081}.
 * Serves frames on stdin and fd {@value ChildFrames#FRAME_FD_ENV} until GOODBYE; logs go to
 * stderr. Options: {@code --connect-timeout-millis N} (default 2000) and
 * {@code --read-timeout-millis N} (default 300000, the longest pause between tokens).
 */
public final class RelayMain {
    private static final System.Logger LOGGER = System.getLogger(RelayMain.class.getName());

    private RelayMain() {
    }

    public static void main(String[] args) throws IOException {
        URI target = null;
        long connectMillis = 2_000;
        long readMillis = 300_000;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--target" -> target = URI.create(required(args[i], value));
                case "--connect-timeout-millis" -> connectMillis = Long.parseLong(required(args[i], value));
                case "--read-timeout-millis" -> readMillis = Long.parseLong(required(args[i], value));
                default -> usage("unknown option " + args[i]);
            }
            i++;
        }
        if (target == null) {
            usage("--target is required");
        }
        var relay = new HttpRelay(target, Duration.ofMillis(connectMillis), Duration.ofMillis(readMillis));
        LOGGER.log(System.Logger.Level.INFO, "relaying channel frames to {0}", target);
        ChildFrames.serve(relay);
    }

    private static String required(String option, String value) {
        if (value == null) {
            usage(option + " needs a value");
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println("airlock relay: " + problem + "\nusage: relay --target"
                + " http://127.0.0.1:PORT [--connect-timeout-millis N] [--read-timeout-millis N]");
        System.exit(2);
    }
}
