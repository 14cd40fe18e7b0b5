package io.warden.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Closing a test site: every step runs even when one before it failed, and the first failure is reported with the rest suppressed. */
public final class Teardown {
    private Teardown() {}

    /** Runs every step in order; then throws an AssertionError saying {@code what} did not close cleanly, if any step failed. */
    public static void all(String what, Runnable... steps) {
        List<Throwable> errors = new ArrayList<>();
        for (Runnable r : steps) {
            try {
                r.run();
            } catch (RuntimeException | AssertionError e) {
                errors.add(e);
            }
        }
        if (errors.isEmpty()) return;
        AssertionError e = new AssertionError(what + " did not close cleanly: " + errors.get(0), errors.get(0));
        errors.stream().skip(1).forEach(e::addSuppressed);
        throw e;
    }

    /** Deletes {@code dir} and everything under it. */
    public static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
