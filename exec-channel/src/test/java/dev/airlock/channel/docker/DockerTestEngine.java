package dev.airlock.channel.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real docker engine for tests: skips (visibly) without one, except under {@code CI=true},
 * where a missing engine fails. Builds the offline test image (src/test/docker/test-image.sh)
 * and runs containers with the JDK and the test classpath mounted read-only, so nothing is
 * downloaded: each classpath entry appears under {@value #CLASSPATH_ROOT}, the JDK at its own path.
 */
public final class DockerTestEngine {
    public static final String IMAGE = "airlock-test-base:2";
    static final String CLASSPATH_ROOT = "/cp";

    private DockerTestEngine() {
    }

    /** Returns a client of the local engine, or skips the test (fails it under CI=true). */
    public static DockerClient connectOrSkip() {
        DockerClient docker = DockerClients.create(null);
        boolean up = DockerClients.isReachable(docker);
        if (!up && "true".equals(System.getenv("CI"))) {
            fail("CI=true but no docker engine answers at " + DockerClients.DEFAULT_HOST
                    + " (DOCKER_HOST=" + System.getenv("DOCKER_HOST") + "); .ci/run starts dockerd");
        }
        assumeTrue(up, "no docker engine answers at " + DockerClients.DEFAULT_HOST
                + " and CI is not \"true\"");
        return docker;
    }

    /** Builds {@link #IMAGE} if missing, with the libraries that the JDK and {@code nativeDirs} need. */
    public static void ensureImage(Path script, Path... nativeDirs) throws IOException, InterruptedException {
        ensureImage(IMAGE, script, nativeDirs);
    }

    /**
     * Builds {@code image} if missing, with the libraries that the JDK and {@code nativeDirs} need;
     * an image that must run natives (libtorch) takes a name of its own, since one built without
     * them lacks their libraries.
     */
    public static void ensureImage(String image, Path script, Path... nativeDirs)
            throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of("/bin/sh", script.toString(), image, javaHome().toString()));
        for (Path dir : nativeDirs) {
            if (Files.isDirectory(dir)) {
                command.add(dir.toString());
            }
        }
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
            fail("building the test image failed: " + command);
        }
    }

    /** Returns the JDK the tests run on. */
    public static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    /** Returns the test classpath as seen inside the container. */
    public static String containerClasspath() {
        var entries = new ArrayList<String>();
        List<String> host = hostClasspath();
        for (int i = 0; i < host.size(); i++) {
            entries.add(inContainer(i, Path.of(host.get(i))));
        }
        return String.join(":", entries);
    }

    /**
     * Returns the read-only mounts for the JDK and the test classpath: each entry on its own
     * under {@value #CLASSPATH_ROOT}, since the local repository's folders are not readable by
     * the container's user.
     */
    public static List<Bind> classpathBinds() {
        var binds = new ArrayList<Bind>();
        binds.add(readOnly(javaHome(), javaHome().toString()));
        List<String> host = hostClasspath();
        for (int i = 0; i < host.size(); i++) {
            Path entry = Path.of(host.get(i));
            if (Files.exists(entry)) {
                binds.add(readOnly(entry, inContainer(i, entry)));
            }
        }
        return binds;
    }

    /** Returns a read-only bind of {@code host} at {@code path}. */
    public static Bind readOnly(Path host, String path) {
        return new Bind(host.toString(), new Volume(path), AccessMode.ro);
    }

    /** Returns {@code java [options] -cp <classpath> mainClass args} for inside the container. */
    public static List<String> java(Class<?> mainClass, String... args) {
        // The marker comes first: busybox pgrep -f sees only the start of a long command line.
        var command = new ArrayList<>(List.of(javaHome().resolve("bin/java").toString(),
                marker(mainClass), "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", containerClasspath(), mainClass.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Creates and starts a container of {@link #IMAGE} that idles, with no network, all
     * capabilities dropped, a read-only root and the classpath mounted.
     */
    public static String startIdleContainer(DockerClient docker, String name, List<Bind> extraBinds) {
        removeQuietly(docker, name);
        var binds = new ArrayList<>(classpathBinds());
        binds.addAll(extraBinds);
        var hostConfig = HostConfig.newHostConfig()
                .withNetworkMode("none")
                .withCapDrop(com.github.dockerjava.api.model.Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withReadonlyRootfs(true)
                .withTmpFs(java.util.Map.of("/tmp", "rw,size=256m"))
                .withBinds(binds);
        String id = docker.createContainerCmd(IMAGE)
                .withName(name)
                .withUser("1000:1000")
                .withEnv("HOME=/tmp")
                .withCmd("sleep", "86400")
                .withHostConfig(hostConfig)
                .exec()
                .getId();
        docker.startContainerCmd(id).exec();
        return id;
    }

    /** Runs {@code command} in the container and returns its output (stdout and stderr), waiting up to 60 s. */
    public static String exec(DockerClient docker, String container, String... command)
            throws InterruptedException {
        return exec(docker, container, Duration.ofSeconds(60), command);
    }

    /**
     * Runs {@code command} in the container and returns its output (stdout and stderr).
     *
     * @throws IllegalStateException when it has not ended within {@code timeout}
     */
    public static String exec(DockerClient docker, String container, Duration timeout, String... command)
            throws InterruptedException {
        var exec = docker.execCreateCmd(container)
                .withAttachStdout(true)
                .withAttachStderr(true)
                .withCmd(command)
                .exec();
        var out = new StringBuilder();
        boolean ended = docker.execStartCmd(exec.getId())
                .exec(new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame frame) {
                        out.append(new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
                    }
                })
                .awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            throw new IllegalStateException("exec " + String.join(" ", command) + " did not end within " + timeout);
        }
        return out.toString();
    }

    /** Starts {@code command} in the container in the background (a detached exec). */
    public static void execDetached(DockerClient docker, String container, List<String> command) {
        var exec = docker.execCreateCmd(container)
                .withCmd(command.toArray(String[]::new))
                .exec();
        docker.execStartCmd(exec.getId()).withDetach(true).exec(new ResultCallback.Adapter<>());
    }

    /** Returns the JVM option that tags processes of {@code mainClass}, for {@code pkill -f}. */
    public static String marker(Class<?> mainClass) {
        return "-Dairlock.test.main=" + mainClass.getSimpleName();
    }

    /** Kills (SIGKILL) every process of {@code mainClass} in the container; busybox has no pkill. */
    public static void kill(DockerClient docker, String container, Class<?> mainClass)
            throws InterruptedException {
        killMatching(docker, container, marker(mainClass));
    }

    /** Kills (SIGKILL) every process in the container whose command line contains {@code text}. */
    public static void killMatching(DockerClient docker, String container, String text)
            throws InterruptedException {
        exec(docker, container, "sh", "-c", "for d in /proc/[0-9]*; do p=${d#/proc/};"
                + " [ \"$p\" = $$ ] && continue; tr '\\0' ' ' < $d/cmdline 2>/dev/null"
                + " | grep -q -F -- \"$1\" && kill -9 $p; done; true", "kill", text);
    }

    /** Removes the container by force, ignoring that it may not exist. */
    public static void removeQuietly(DockerClient docker, String name) {
        try {
            docker.removeContainerCmd(name).withForce(true).exec();
        } catch (RuntimeException e) {
            // Not there: nothing to remove.
        }
    }

    /** Waits until {@code probe} returns true, at most {@code timeout}. */
    public static boolean await(Duration timeout, BooleanSupplier probe) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        var tick = new java.util.concurrent.CountDownLatch(1);
        while (System.nanoTime() < deadline) {
            if (probe.getAsBoolean()) {
                return true;
            }
            tick.await(100, TimeUnit.MILLISECONDS);
        }
        return probe.getAsBoolean();
    }

    private static List<String> hostClasspath() {
        String classpath = System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path"));
        return List.of(classpath.split(java.io.File.pathSeparator));
    }

    private static String inContainer(int index, Path entry) {
        return CLASSPATH_ROOT + "/" + index + "/" + entry.getFileName();
    }
}
