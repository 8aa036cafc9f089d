package dev.airlock.channel.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;

/**
 * What the child sees of the network, one {@code key=value} line each: its interfaces; whether
 * a connect to TEST-NET-1 failed, attempted only when nothing but loopback is visible, so that
 * no traffic can leave the machine; and whether loopback works.
 */
public final class NetworkProbe {
    private NetworkProbe() {
    }

    public static String report() {
        List<String> names;
        try {
            names = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .map(NetworkInterface::getName)
                    .sorted()
                    .toList();
        } catch (SocketException e) {
            return "interfaces=error " + e + "\n";
        }
        String external = names.equals(List.of("lo"))
                ? connectToTestNet()
                : "not attempted: a non-loopback interface is visible";
        return "interfaces=" + String.join(",", names) + "\n"
                + "external=" + external + "\n"
                + "loopback=" + loopback() + "\n";
    }

    private static String connectToTestNet() {
        long start = System.nanoTime();
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("192.0.2.1", 9), 2000);
            return "connected";
        } catch (IOException e) {
            long millis = (System.nanoTime() - start) / 1_000_000;
            return "failed after " + millis + " ms: " + e.getClass().getName() + ": "
                    + e.getMessage();
        }
    }

    private static String loopback() {
        try (var server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                var client = new Socket()) {
            client.connect(server.getLocalSocketAddress(), 2000);
            try (var accepted = server.accept()) {
                client.getOutputStream().write(42);
                return accepted.getInputStream().read() == 42 ? "ok" : "bad byte";
            }
        } catch (IOException e) {
            return "failed: " + e;
        }
    }
}
