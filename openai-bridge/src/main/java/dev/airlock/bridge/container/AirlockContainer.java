package dev.airlock.bridge.container;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;

/**
 * Creates the airlock container locked down, and checks an existing one: by inspect (network
 * mode {@code none}, every capability dropped, {@code no-new-privileges}, read-only root, no
 * tmpfs mounted {@code exec}, non-root user, pids and memory limits, mounts read-only) and from
 * inside through an exec (only {@code lo} in {@code /sys/class/net}, uid not 0).
 */
public final class AirlockContainer {
    private static final System.Logger LOGGER = System.getLogger(AirlockContainer.class.getName());
    private static final long EXEC_TIMEOUT_SECONDS = 30;

    private final DockerClient docker;

    public AirlockContainer(DockerClient docker) {
        this.docker = docker;
    }

    /** Creates and starts the container; returns its id. */
    public String create(ContainerSpec spec) {
        var binds = new ArrayList<Bind>();
        spec.readOnlyMounts().forEach((host, inside) -> binds.add(new Bind(host, new Volume(inside), AccessMode.ro)));
        var hostConfig = HostConfig.newHostConfig()
                .withNetworkMode("none")
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withReadonlyRootfs(true)
                // noexec: nothing written at run time may be executed (the natives come from the image).
                .withTmpFs(Map.of("/tmp", "rw,noexec,nosuid,nodev,size=" + spec.tmpfsBytes()))
                .withPidsLimit(spec.pidsLimit())
                .withMemory(spec.memoryBytes())
                .withMemorySwap(spec.memoryBytes())
                .withBinds(binds);
        if (spec.gpus()) {
            hostConfig.withDeviceRequests(List.of(new DeviceRequest()
                    .withDriver("")
                    .withCount(-1)
                    .withCapabilities(List.of(List.of("gpu")))));
        }
        var create = docker.createContainerCmd(spec.image())
                .withName(spec.name())
                .withUser(spec.user())
                .withEnv("HOME=/tmp")
                .withHostConfig(hostConfig);
        if (!spec.command().isEmpty()) {
            create.withCmd(spec.command());
        }
        String id = create.exec().getId();
        docker.startContainerCmd(id).exec();
        LOGGER.log(System.Logger.Level.INFO, "created airlock container {0} ({1}) from {2}",
                spec.name(), id.substring(0, 12), spec.image());
        return id;
    }

    /** Checks the container by inspect and from inside; never throws for a failed check. */
    public CheckReport check(String container) {
        var problems = new ArrayList<String>();
        InspectContainerResponse inspect;
        try {
            inspect = docker.inspectContainerCmd(container).exec();
        } catch (RuntimeException e) {
            return new CheckReport(container, List.of("cannot inspect it: " + e.getMessage()));
        }
        inspected(inspect, problems);
        if (Boolean.TRUE.equals(inspect.getState().getRunning())) {
            fromInside(container, problems);
        } else {
            problems.add("it is not running (status " + inspect.getState().getStatus() + ")");
        }
        return new CheckReport(container, problems);
    }

    private static void inspected(InspectContainerResponse inspect, List<String> problems) {
        HostConfig host = inspect.getHostConfig();
        if (!"none".equals(host.getNetworkMode())) {
            problems.add("network mode is " + host.getNetworkMode() + ", expected none");
        }
        var networks = inspect.getNetworkSettings() == null ? null : inspect.getNetworkSettings().getNetworks();
        if (networks != null && networks.keySet().stream().anyMatch(n -> !"none".equals(n))) {
            problems.add("attached to networks " + networks.keySet() + ", expected none");
        }
        Capability[] dropped = host.getCapDrop();
        if (dropped == null || !List.of(dropped).contains(Capability.ALL)) {
            problems.add("capabilities are not all dropped (cap-drop ALL missing)");
        }
        if (host.getCapAdd() != null && host.getCapAdd().length > 0) {
            problems.add("capabilities added: " + List.of(host.getCapAdd()));
        }
        if (host.getSecurityOpts() == null || host.getSecurityOpts().stream()
                .noneMatch(o -> o.equals("no-new-privileges") || o.equals("no-new-privileges:true"))) {
            problems.add("no-new-privileges is not set");
        }
        if (Boolean.TRUE.equals(host.getPrivileged())) {
            problems.add("the container is privileged");
        }
        if (!Boolean.TRUE.equals(host.getReadonlyRootfs())) {
            problems.add("the root filesystem is writable, expected read-only");
        }
        String user = inspect.getConfig().getUser();
        if (user == null || user.isBlank() || user.equals("0") || user.startsWith("0:") || user.equals("root")) {
            problems.add("the user is " + (user == null || user.isBlank() ? "the image default (root)" : user)
                    + ", expected a non-root uid");
        }
        if (host.getPidsLimit() == null || host.getPidsLimit() <= 0) {
            problems.add("no pids limit");
        }
        if (host.getMemory() == null || host.getMemory() <= 0) {
            problems.add("no memory limit");
        }
        if (host.getTmpFs() != null) {
            host.getTmpFs().forEach((path, options) -> {
                if (options != null && List.of(options.split(",")).contains("exec")) {
                    problems.add("tmpfs " + path + " is mounted exec, expected noexec");
                }
            });
        }
        if (inspect.getMounts() != null) {
            inspect.getMounts().stream()
                    .filter(m -> Boolean.TRUE.equals(m.getRW()))
                    .forEach(m -> problems.add("mount " + m.getDestination() + " is writable, expected read-only"));
        }
    }

    private void fromInside(String container, List<String> problems) {
        String out;
        try {
            out = exec(container, "sh", "-c", "echo uid=$(id -u); echo net=$(ls /sys/class/net)");
        } catch (RuntimeException e) {
            problems.add("cannot exec inside: " + e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add("interrupted while checking from inside");
            return;
        }
        String uid = value(out, "uid=");
        String net = value(out, "net=");
        if (uid == null || uid.isBlank() || uid.equals("0")) {
            problems.add("inside, the uid is " + uid + ", expected non-root");
        }
        if (!"lo".equals(net)) {
            problems.add("inside, the network interfaces are [" + net + "], expected only lo");
        }
    }

    private String exec(String container, String... command) throws InterruptedException {
        var exec = docker.execCreateCmd(container)
                .withAttachStdout(true)
                .withAttachStderr(true)
                .withCmd(command)
                .exec();
        var out = new StringBuilder();
        boolean done = docker.execStartCmd(exec.getId())
                .exec(new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame frame) {
                        out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                    }
                })
                .awaitCompletion(EXEC_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!done) {
            throw new IllegalStateException("the check exec did not end within " + EXEC_TIMEOUT_SECONDS + " s");
        }
        return out.toString();
    }

    private static String value(String out, String prefix) {
        return out.lines()
                .filter(line -> line.startsWith(prefix))
                .map(line -> line.substring(prefix.length()).strip())
                .findFirst()
                .orElse(null);
    }
}
