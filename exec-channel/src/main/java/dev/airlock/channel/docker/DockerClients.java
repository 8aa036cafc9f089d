package dev.airlock.channel.docker;

import java.time.Duration;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

/** Creates docker-java clients for the Engine API on a local socket. */
public final class DockerClients {
    /** The engine's socket when neither an argument nor {@code DOCKER_HOST} names one. */
    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    private DockerClients() {
    }

    /**
     * Returns a client for {@code dockerHost} (e.g. {@code unix:///var/run/docker.sock}), or for
     * {@code DOCKER_HOST} / {@link #DEFAULT_HOST} when it is null. Nothing is contacted yet.
     */
    public static DockerClient create(String dockerHost) {
        var builder = DefaultDockerClientConfig.createDefaultConfigBuilder();
        if (dockerHost != null && !dockerHost.isBlank()) {
            builder.withDockerHost(dockerHost);
        } else if (System.getenv("DOCKER_HOST") == null) {
            builder.withDockerHost(DEFAULT_HOST);
        }
        var config = builder.build();
        var http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(32)
                // No response timeout: an exec session stays open, silent, for hours.
                .connectionTimeout(Duration.ofSeconds(3))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    /** Returns whether an engine answers a ping through {@code docker}. */
    public static boolean isReachable(DockerClient docker) {
        try {
            docker.pingCmd().exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
