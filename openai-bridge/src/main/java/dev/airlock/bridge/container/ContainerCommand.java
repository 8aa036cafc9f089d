package dev.airlock.bridge.container;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.airlock.channel.docker.DockerClients;

/** Entry point of {@code ./airlock container create|check}. */
@Command(name = "container", mixinStandardHelpOptions = true,
        description = "Create the locked-down airlock container, or check an existing one.",
        subcommands = {ContainerCommand.Create.class, ContainerCommand.Check.class})
public final class ContainerCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ContainerCommand()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create and start the container: --network none, --cap-drop ALL,"
                    + " no-new-privileges, read-only root with a tmpfs /tmp, non-root user,"
                    + " pids and memory limits, mounts read-only; then check it.")
    static final class Create implements Callable<Integer> {
        @Option(names = "--name", required = true, description = "container name")
        String name;

        @Option(names = "--image", required = true, description = "image, e.g. built from the Dockerfile")
        String image;

        @Option(names = "--user", defaultValue = "1000:1000", description = "non-root uid:gid (default ${DEFAULT-VALUE})")
        String user;

        @Option(names = "--memory-mib", defaultValue = "8192", description = "memory limit (default ${DEFAULT-VALUE})")
        long memoryMib;

        @Option(names = "--pids-limit", defaultValue = "512", description = "process limit (default ${DEFAULT-VALUE})")
        long pidsLimit;

        @Option(names = "--tmpfs-mib", defaultValue = "2048", description = "size of /tmp (default ${DEFAULT-VALUE})")
        long tmpfsMib;

        @Option(names = "--mount", description = "HOST:CONTAINER folder mounted read-only (models, adapters); repeatable")
        List<String> mounts = new ArrayList<>();

        @Option(names = "--gpus", description = "give the container every GPU")
        boolean gpus;

        @Option(names = "--docker-host", description = "engine socket (default DOCKER_HOST or unix:///var/run/docker.sock)")
        String dockerHost;

        @Parameters(description = "the container's command (default: the image's persistent server)")
        List<String> command = new ArrayList<>();

        @Override
        public Integer call() {
            var readOnly = new java.util.LinkedHashMap<String, String>();
            for (String mount : mounts) {
                int colon = mount.indexOf(':');
                if (colon <= 0 || colon == mount.length() - 1) {
                    System.err.println("airlock container: --mount must be HOST:CONTAINER, got " + mount);
                    return 2;
                }
                readOnly.put(mount.substring(0, colon), mount.substring(colon + 1));
            }
            var containerSpec = new ContainerSpec(name, image, user, memoryMib * 1024 * 1024, pidsLimit,
                    tmpfsMib * 1024 * 1024, Map.copyOf(readOnly), gpus, command);
            var airlock = new AirlockContainer(DockerClients.create(dockerHost));
            airlock.create(containerSpec);
            CheckReport report = airlock.check(name);
            System.out.println(report.describe());
            return report.passed() ? 0 : 1;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Check that a running container is locked down (inspect and from inside).")
    static final class Check implements Callable<Integer> {
        @Option(names = "--name", required = true, description = "container name")
        String name;

        @Option(names = "--docker-host", description = "engine socket (default DOCKER_HOST or unix:///var/run/docker.sock)")
        String dockerHost;

        @Override
        public Integer call() {
            CheckReport report = new AirlockContainer(DockerClients.create(dockerHost)).check(name);
            System.out.println(report.describe());
            return report.passed() ? 0 : 1;
        }
    }
}
