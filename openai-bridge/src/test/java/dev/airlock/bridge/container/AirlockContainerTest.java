package dev.airlock.bridge.container;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.airlock.channel.docker.DockerClients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** create + check against the real engine, with the offline test image of exec-channel's tests. */
@Timeout(120)
class AirlockContainerTest {
    private static final String IMAGE = "airlock-test-base:2";
    private static final String LOCKED = "airlock-test-locked";
    private static final String OPEN = "airlock-test-open";
    private static DockerClient docker;

    @BeforeAll
    static void engine() throws Exception {
        docker = DockerClients.create(null);
        boolean up = DockerClients.isReachable(docker);
        if (!up && "true".equals(System.getenv("CI"))) {
            fail("CI=true but no docker engine answers; .ci/run starts dockerd");
        }
        assumeTrue(up, "no docker engine answers at " + DockerClients.DEFAULT_HOST + " and CI is not \"true\"");
        Process image = new ProcessBuilder("/bin/sh", "../exec-channel/src/test/docker/test-image.sh", IMAGE,
                System.getProperty("java.home")).inheritIO().start();
        assertThat(image.waitFor(3, TimeUnit.MINUTES) && image.exitValue() == 0).as("test image built").isTrue();
        removeQuietly(LOCKED);
        removeQuietly(OPEN);
    }

    @AfterAll
    static void cleanUp() {
        if (docker != null) {
            removeQuietly(LOCKED);
            removeQuietly(OPEN);
        }
    }

    @Test
    void createdContainerPassesTheCheck() {
        var airlock = new AirlockContainer(docker);
        var spec = new ContainerSpec(LOCKED, IMAGE, "1000:1000", 256L * 1024 * 1024, 64, 16L * 1024 * 1024,
                Map.of(System.getProperty("java.home"), "/opt/jdk"), false, List.of("sleep", "86400"));

        airlock.create(spec);
        CheckReport report = airlock.check(LOCKED);

        assertThat(report.problems()).isEmpty();
        assertThat(report.passed()).isTrue();
    }

    @Test
    void checkFailsOnAContainerWithANetworkRootAndNoLimits() {
        String id = docker.createContainerCmd(IMAGE)
                .withName(OPEN)
                .withUser("0")
                .withCmd("sleep", "86400")
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("host")
                        .withTmpFs(Map.of("/tmp", "rw,exec")))
                .exec()
                .getId();
        docker.startContainerCmd(id).exec();

        CheckReport report = new AirlockContainer(docker).check(OPEN);

        assertThat(report.passed()).isFalse();
        assertThat(report.describe())
                .contains("network mode is host, expected none")
                .contains("expected only lo")
                .contains("capabilities are not all dropped")
                .contains("no-new-privileges is not set")
                .contains("root filesystem is writable")
                .contains("tmpfs /tmp is mounted exec")
                .contains("inside, the uid is 0")
                .contains("no pids limit")
                .contains("no memory limit");
    }

    private static void removeQuietly(String name) {
        try {
            docker.removeContainerCmd(name).withForce(true).exec();
        } catch (RuntimeException e) {
            // Not there.
        }
    }
}
