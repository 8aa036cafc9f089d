package dev.airlock.channel;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Addresses inside the airlock: everything there listens on, and connects to, loopback only.
 * Shared by the servers ({@code serve --http}, {@code serve --frames}) and the relay.
 */
public final class LoopbackAddress {
    private LoopbackAddress() {
    }

    /**
     * Parses {@code HOST:PORT} (an IPv6 host may be bracketed) given as {@code option}.
     *
     * @throws IllegalArgumentException when it is not {@code HOST:PORT} or the host is not loopback
     */
    public static InetSocketAddress parse(String option, String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String port = colon > 0 ? hostPort.substring(colon + 1) : "";
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65_535) {
            throw new IllegalArgumentException(option + " must be HOST:PORT on loopback, e.g. 127.0.0.1:8081,"
                    + " got " + hostPort);
        }
        String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
        return new InetSocketAddress(require(host), Integer.parseInt(port));
    }

    /**
     * Resolves {@code host} and returns it when it is a loopback address.
     *
     * @throws IllegalArgumentException when it does not resolve, or is not loopback
     */
    public static InetAddress require(String host) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            address = null;
        }
        if (address == null || !address.isLoopbackAddress()) {
            throw new IllegalArgumentException("the airlock listens and connects on loopback only (127.0.0.1"
                    + " or ::1), got " + host);
        }
        return address;
    }
}
