package dev.airlock.channel.process;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import dev.airlock.channel.ResponseSink;
import dev.airlock.channel.server.ChildFrames;
import dev.airlock.channel.server.FrameServer;
import dev.airlock.dto.frame.FrameError;
import dev.airlock.dto.frame.RequestHead;
import dev.airlock.dto.frame.ResponseHead;

/**
 * The airlock of the process tests: a child JVM serving a few routes over {@link ChildFrames}.
 * It writes junk to stdout first, as a native library might, to prove frames survive it.
 */
public final class EchoChild {
    private static final ResponseHead OK = new ResponseHead(200, Map.of());

    private EchoChild() {
    }

    public static void main(String[] args) throws IOException {
        var frames = ChildFrames.open();
        System.out.println("System.out noise that must not reach the frame stream");
        var fd1 = new FileOutputStream(FileDescriptor.out);
        fd1.write("native noise on fd 1\n".getBytes(StandardCharsets.UTF_8));
        fd1.flush();
        new FrameServer(ChildFrames.input(), frames, EchoChild::handle)
                .serve();
    }

    private static void handle(RequestHead request, ResponseSink sink) {
        switch (request.path()) {
            case "/echo" -> {
                sink.head(OK);
                sink.body(utf8(request.body()));
                sink.end();
            }
            case "/stream" -> {
                sink.head(OK);
                for (int i = 0; i < Integer.parseInt(request.body()); i++) {
                    sink.body(utf8(i + ";"));
                }
                sink.end();
            }
            case "/pid-then-hang" -> {
                sink.head(OK);
                sink.body(utf8(Long.toString(ProcessHandle.current().pid())));
                awaitForever();
            }
            case "/probe" -> {
                sink.head(OK);
                sink.body(utf8(NetworkProbe.report()));
                sink.end();
            }
            default -> sink.error(new FrameError(404, "invalid_request_error", "no route"));
        }
    }

    private static void awaitForever() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
