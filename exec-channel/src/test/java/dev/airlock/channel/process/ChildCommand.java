package dev.airlock.channel.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line that runs a test main class in a fresh JVM on the test classpath. */
public final class ChildCommand {
    private ChildCommand() {
    }

    public static List<String> java(Class<?> mainClass, String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path"));
        var command = new ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", classpath, mainClass.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
