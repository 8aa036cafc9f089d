package dev.airlock.channel.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.airlock.channel.frame.FrameReader;
import dev.airlock.channel.frame.FrameWriter;
import dev.airlock.dto.frame.Frame;
import dev.airlock.dto.frame.FrameKind;

import static org.assertj.core.api.Assertions.assertThat;

/** Sessions on the loopback frame port: PING answered, GOODBYE ends one, the oldest gives way. */
@Timeout(30)
class FrameSocketServerTest {
    private final List<Socket> clients = new ArrayList<>();
    private FrameSocketServer server;

    @AfterEach
    void stop() throws IOException {
        for (Socket client : clients) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void answersPingAndEndsTheSessionAtGoodbye() throws IOException {
        server = FrameSocketServer.start((request, sink) -> { }, "127.0.0.1", 0);
        Socket client = connect();
        var writer = new FrameWriter(client.getOutputStream());
        var reader = new FrameReader(client.getInputStream());

        writer.write(new Frame(FrameKind.PING, 0, new byte[] {7}));
        Frame pong = reader.readFrame();
        writer.write(Frame.of(FrameKind.GOODBYE, 0));

        assertThat(pong.kind()).isEqualTo(FrameKind.PONG);
        assertThat(pong.payload()).containsExactly(7);
        assertThat(reader.readFrame()).as("the server closed the session").isNull();
    }

    @Test
    void aSessionPastTheLimitClosesTheOldestAndIsServed() throws IOException {
        server = FrameSocketServer.start((request, sink) -> { }, "127.0.0.1", 0);
        for (int i = 0; i < FrameSocketServer.MAX_SESSIONS; i++) {
            Socket idle = connect();
            // A PONG proves the session is open before the next one connects, so the order is known.
            new FrameWriter(idle.getOutputStream()).write(new Frame(FrameKind.PING, 0, new byte[0]));
            assertThat(new FrameReader(idle.getInputStream()).readFrame().kind()).isEqualTo(FrameKind.PONG);
        }
        Socket newest = connect();
        new FrameWriter(newest.getOutputStream()).write(new Frame(FrameKind.PING, 0, new byte[0]));

        assertThat(new FrameReader(newest.getInputStream()).readFrame().kind()).isEqualTo(FrameKind.PONG);
        InputStream oldest = clients.getFirst().getInputStream();
        assertThat(oldest.read()).as("the oldest session was closed").isEqualTo(-1);
        assertThat(clients.get(1).isClosed()).isFalse();
    }

    private Socket connect() throws IOException {
        var socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        clients.add(socket);
        return socket;
    }
}
