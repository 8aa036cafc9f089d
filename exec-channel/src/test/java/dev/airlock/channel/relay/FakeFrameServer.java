package dev.airlock.channel.relay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import dev.airlock.channel.RequestHandler;
import dev.airlock.channel.server.FrameSocketServer;
import dev.airlock.dto.frame.ResponseHead;

/**
 * A stand-in for {@code inference serve --frames}: the routes of {@link FakeInternalServer}
 * ({@code /lines?n=N&pauseMillis=M}, {@code /pid}) served as frame sessions on a loopback port.
 * Run inside the test container as {@code FakeFrameServer PORT}.
 */
public final class FakeFrameServer {
    static final RequestHandler HANDLER = (request, sink) -> {
        String path = request.path();
        if (path.startsWith("/pid")) {
            sink.complete(new ResponseHead(200, Map.of("content-type", "text/plain")),
                    Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (!path.startsWith("/lines")) {
            sink.complete(new ResponseHead(404, Map.of()), new byte[0]);
            return;
        }
        int count = Integer.parseInt(param(path, "n", "10"));
        long pauseMillis = Long.parseLong(param(path, "pauseMillis", "0"));
        sink.head(new ResponseHead(200, Map.of("content-type", "application/x-ndjson")));
        for (int i = 0; i < count && !sink.isCancelled(); i++) {
            sink.body(("{\"i\":" + i + "}\n").getBytes(StandardCharsets.UTF_8));
            if (pauseMillis > 0) {
                LockSupport.parkNanos(pauseMillis * 1_000_000);
            }
        }
        if (!sink.isCancelled()) {
            sink.end();
        }
    };

    private FakeFrameServer() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        FrameSocketServer.start(HANDLER, "127.0.0.1", Integer.parseInt(args[0]));
        Thread.currentThread().join();
    }

    private static String param(String path, String name, String fallback) {
        int query = path.indexOf('?');
        return FakeInternalServer.param(query < 0 ? null : path.substring(query + 1), name, fallback);
    }
}
