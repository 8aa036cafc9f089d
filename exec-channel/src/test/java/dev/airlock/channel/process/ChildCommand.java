package dev.airlock.channel.process;

import java.nio.file.Path;
import java.util.List;

/** The command line that runs a test main class in a fresh JVM on the test classpath. */
final class ChildCommand {
    private ChildCommand() {
    }

    static List<String> java(Class<?> mainClass) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path"));
        return List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", classpath, mainClass.getName());
    }
}
