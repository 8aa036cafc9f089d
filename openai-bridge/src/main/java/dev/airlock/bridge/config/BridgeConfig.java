package dev.airlock.bridge.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code bridge} part of the configuration: where to listen and the limits of a request.
 *
 * @param host the address to bind; loopback unless {@code allowRemote} and API keys are set
 * @param port the port to bind, 0 for any free port
 * @param apiKeys accepted bearer keys; empty for no authentication (loopback only)
 * @param maxBodyBytes the largest request body accepted (413 above)
 * @param headTimeoutMillis how long to wait for the airlock to start answering
 * @param idleTimeoutMillis how long to wait for each further piece of a generation
 * @param allowRemote set by the command line ({@code --allow-remote}), never by the file
 * @param maxConcurrentPerAdapter generations the bridge lets run at once per served name (a base
 *     or an adapter); more wait in that name's queue
 * @param maxQueue requests that may wait per served name; one more is a 429 with {@code Retry-After}
 * @param corsOrigins origins allowed by CORS; empty (the default) sends no CORS headers; {@code *} allows any
 */
public record BridgeConfig(
        String host,
        int port,
        List<String> apiKeys,
        long maxBodyBytes,
        long headTimeoutMillis,
        long idleTimeoutMillis,
        boolean allowRemote,
        int maxConcurrentPerAdapter,
        int maxQueue,
        List<String> corsOrigins) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    /** Fits in one channel frame (8 MiB) with room for the generation request around it. */
    public static final long DEFAULT_MAX_BODY_BYTES = 4L << 20;
    public static final long DEFAULT_HEAD_TIMEOUT_MILLIS = 60_000;
    public static final long DEFAULT_IDLE_TIMEOUT_MILLIS = 300_000;
    /** The engine runs one generation at a time; a few in flight keep it busy between requests. */
    public static final int DEFAULT_MAX_CONCURRENT_PER_ADAPTER = 4;
    public static final int DEFAULT_MAX_QUEUE = 64;

    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.\\d{1,3}){3}");

    public BridgeConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is required");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        if (maxBodyBytes < 1 || headTimeoutMillis < 1 || idleTimeoutMillis < 1) {
            throw new IllegalArgumentException("maxBodyBytes and timeouts must be positive");
        }
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
        if (maxConcurrentPerAdapter < 1 || maxQueue < 0) {
            throw new IllegalArgumentException("maxConcurrentPerAdapter must be at least 1 and maxQueue at least 0, got "
                    + maxConcurrentPerAdapter + " and " + maxQueue);
        }
        corsOrigins = corsOrigins == null ? List.of() : List.copyOf(corsOrigins);
    }

    /** A configuration with default queue limits and no CORS. */
    public BridgeConfig(String host, int port, List<String> apiKeys, long maxBodyBytes, long headTimeoutMillis,
            long idleTimeoutMillis, boolean allowRemote) {
        this(host, port, apiKeys, maxBodyBytes, headTimeoutMillis, idleTimeoutMillis, allowRemote,
                DEFAULT_MAX_CONCURRENT_PER_ADAPTER, DEFAULT_MAX_QUEUE, List.of());
    }

    /** Returns the defaults: 127.0.0.1:8080, no keys, 4 MiB bodies. */
    public static BridgeConfig defaults() {
        return new BridgeConfig(DEFAULT_HOST, DEFAULT_PORT, List.of(), DEFAULT_MAX_BODY_BYTES,
                DEFAULT_HEAD_TIMEOUT_MILLIS, DEFAULT_IDLE_TIMEOUT_MILLIS, false);
    }

    /** Returns a copy listening on {@code host} and {@code port}. */
    public BridgeConfig withAddress(String newHost, int newPort) {
        return new BridgeConfig(newHost, newPort, apiKeys, maxBodyBytes, headTimeoutMillis, idleTimeoutMillis,
                allowRemote, maxConcurrentPerAdapter, maxQueue, corsOrigins);
    }

    /** Returns a copy with {@code allowRemote} set as given on the command line. */
    public BridgeConfig withAllowRemote(boolean allow) {
        return new BridgeConfig(host, port, apiKeys, maxBodyBytes, headTimeoutMillis, idleTimeoutMillis, allow,
                maxConcurrentPerAdapter, maxQueue, corsOrigins);
    }

    /** Returns a copy accepting {@code keys} as bearer tokens. */
    public BridgeConfig withApiKeys(List<String> keys) {
        return new BridgeConfig(host, port, keys, maxBodyBytes, headTimeoutMillis, idleTimeoutMillis,
                allowRemote, maxConcurrentPerAdapter, maxQueue, corsOrigins);
    }

    /** Returns a copy with {@code bytes} as the body limit. */
    public BridgeConfig withMaxBodyBytes(long bytes) {
        return new BridgeConfig(host, port, apiKeys, bytes, headTimeoutMillis, idleTimeoutMillis, allowRemote,
                maxConcurrentPerAdapter, maxQueue, corsOrigins);
    }

    /** Returns a copy with {@code concurrent} generations per served name and {@code queue} waiting. */
    public BridgeConfig withQueue(int concurrent, int queue) {
        return new BridgeConfig(host, port, apiKeys, maxBodyBytes, headTimeoutMillis, idleTimeoutMillis, allowRemote,
                concurrent, queue, corsOrigins);
    }

    /** Returns a copy allowing {@code origins} by CORS. */
    public BridgeConfig withCorsOrigins(List<String> origins) {
        return new BridgeConfig(host, port, apiKeys, maxBodyBytes, headTimeoutMillis, idleTimeoutMillis, allowRemote,
                maxConcurrentPerAdapter, maxQueue, origins);
    }

    /**
     * Returns whether {@code host} is a loopback address. Only literals and {@code localhost}
     * count: a name is not resolved, so it is treated as remote.
     */
    public boolean isLoopback() {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return "localhost".equalsIgnoreCase(bare) || "::1".equals(bare) || "0:0:0:0:0:0:0:1".equals(bare)
                || LOOPBACK_V4.matcher(bare).matches();
    }

    /**
     * Refuses a configuration that would expose the bridge beyond this machine without keys and
     * an explicit opt-in.
     *
     * @throws ConfigException naming what is missing
     */
    public void checkExposure() {
        if (isLoopback()) {
            return;
        }
        if (apiKeys.isEmpty() || !allowRemote) {
            throw new ConfigException("the bridge configuration", List.of("$.bridge.host: " + host
                    + " is not a loopback address; binding it needs bridge.api_keys and the --allow-remote "
                    + "flag (have api_keys: " + !apiKeys.isEmpty() + ", --allow-remote: " + allowRemote
                    + "). Use 127.0.0.1 to stay local."));
        }
    }

    @Override
    public String toString() {
        // Keys never reach a log line.
        return "BridgeConfig[host=" + host + ", port=" + port + ", apiKeys=" + apiKeys.size() + " key(s)"
                + ", maxBodyBytes=" + maxBodyBytes + ", headTimeoutMillis=" + headTimeoutMillis
                + ", idleTimeoutMillis=" + idleTimeoutMillis + ", allowRemote=" + allowRemote
                + ", maxConcurrentPerAdapter=" + maxConcurrentPerAdapter + ", maxQueue=" + maxQueue
                + ", corsOrigins=" + corsOrigins + "]";
    }
}
