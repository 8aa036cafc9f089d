package dev.airlock.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands every test class that asks for it the same {@link LiveAirlock}: started on first use,
 * closed (and its generated files deleted) when the whole test run ends. Starting one costs a
 * child JVM that loads libtorch and the model, so the client test classes share it.
 *
 * <p>Use as {@code @ExtendWith(SharedAirlock.class)} and take a {@code LiveAirlock} parameter in a
 * {@code @BeforeAll} method.
 */
final class SharedAirlock implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedAirlock.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LiveAirlock.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(Resource.class, key -> Resource.start(), Resource.class)
                .airlock;
    }

    /** The airlock and its folder, closed by JUnit at the end of the run. */
    private record Resource(Path dir, LiveAirlock airlock) implements ExtensionContext.Store.CloseableResource {
        static Resource start() {
            try {
                Path target = Path.of("target");
                Files.createDirectories(target);
                Path dir = Files.createTempDirectory(target.toAbsolutePath(), "live-airlock-");
                return new Resource(dir, LiveAirlock.start(dir));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot set up the live airlock under target/", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ParameterResolutionException("interrupted while the live airlock started", e);
            }
        }

        @Override
        public void close() throws IOException {
            airlock.close();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
