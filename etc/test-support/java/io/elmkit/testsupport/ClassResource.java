package io.elmkit.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Something a test class starts once and closes after its last test (an in-process Kafka broker),
 * in a temporary folder of its own that is deleted afterwards. Register it on a static field:
 * {@code @RegisterExtension static final ClassResource<EmbeddedBroker> BROKER = ClassResource.of(dir -> ...)};
 * it is started before the class's {@code @BeforeAll} methods run.
 */
public final class ClassResource<T extends AutoCloseable> implements BeforeAllCallback, AfterAllCallback {
    /** Starts the resource in an empty folder. */
    @FunctionalInterface
    public interface Starter<T> {
        T start(Path dir) throws Exception;
    }

    private final Starter<T> starter;
    private Path dir;
    private T resource;

    private ClassResource(Starter<T> starter) {
        this.starter = starter;
    }

    public static <T extends AutoCloseable> ClassResource<T> of(Starter<T> starter) {
        return new ClassResource<>(starter);
    }

    /** The running resource. */
    public T get() {
        if (resource == null) {
            throw new IllegalStateException("not started: register the ClassResource on a static field");
        }
        return resource;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory(context.getRequiredTestClass().getSimpleName());
        resource = starter.start(dir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (resource != null) {
                resource.close();
            }
        } finally {
            resource = null;
            deleteOurFolder();
        }
    }

    /** Deletes the folder this class created, and only it. */
    private void deleteOurFolder() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
