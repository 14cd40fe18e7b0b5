package io.warden.gateway.e2e;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Closing an end-to-end site: every step is attempted even when an earlier one fails, then the first
 * failure is thrown with the others suppressed; a site that fails to start is closed the same way. Also the
 * sites' plain HTTP exchange.
 */
public final class E2eTeardown {
    /** One closing step. */
    public interface Step {
        void run() throws Exception;
    }

    /** Bringing a site up. */
    public interface Start<T> {
        void run(T site) throws Exception;
    }

    private final List<Throwable> errors = new ArrayList<>();

    /**
     * Runs {@code start} on {@code site} and returns the site; if starting fails, closes what did start and
     * throws the start's failure with any closing failure suppressed.
     */
    public static <T extends AutoCloseable> T startOrClose(T site, Start<T> start) throws Exception {
        try {
            start.run(site);
            return site;
        } catch (Exception | AssertionError e) {
            try {
                site.close();
            } catch (Exception | AssertionError closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    public void attempt(Step step) {
        try {
            step.run();
        } catch (Exception | AssertionError e) {
            errors.add(e);
        }
    }

    /** Deletes {@code dir} and everything under it. */
    public void deleteTree(Path dir) {
        attempt(() -> {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        });
    }

    /** Throws "{@code what} did not close cleanly" if any step failed. */
    public void finish(String what) {
        if (errors.isEmpty()) return;
        AssertionError e = new AssertionError(what + " did not close cleanly: " + errors.get(0), errors.get(0));
        errors.stream().skip(1).forEach(e::addSuppressed);
        throw e;
    }

    /** Sends the request and reads the body as UTF-8; a failed exchange fails the test. */
    public static HttpResponse<String> exchange(HttpClient http, HttpRequest.Builder b) {
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError("HTTP exchange failed: " + e, e);
        }
    }
}
