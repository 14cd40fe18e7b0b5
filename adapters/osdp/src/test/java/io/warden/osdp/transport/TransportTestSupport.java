package io.warden.osdp.transport;

import io.vertx.core.Future;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Waiting helpers for transport tests: deadlines are generous, nothing depends on elapsed time. */
final class TransportTestSupport {
    static final Duration DEADLINE = Duration.ofSeconds(10);

    private TransportTestSupport() {}

    /** Blocks a test thread (never an event loop) until {@code f} completes. */
    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Blocks until {@code f} fails and returns the cause. */
    static Throwable awaitFailure(Future<?> f) throws Exception {
        CompletableFuture<Throwable> cause = new CompletableFuture<>();
        f.onComplete(ar -> cause.complete(ar.failed() ? ar.cause() : null));
        Throwable t = cause.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        if (t == null) throw new AssertionError("expected a failure, got success");
        return t;
    }

    /** Polls {@code condition} until it holds or the deadline passes. */
    static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    /** Collects received chunks; thread-safe. */
    static final class Sink implements Consumer<byte[]> {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void accept(byte[] chunk) {
            bytes.write(chunk, 0, chunk.length);
        }

        synchronized int size() {
            return bytes.size();
        }

        synchronized byte[] bytes() {
            return bytes.toByteArray();
        }

        /** Waits until at least {@code n} bytes arrived and returns everything so far. */
        byte[] awaitBytes(int n) throws InterruptedException {
            until(n + " bytes (have " + size() + ")", () -> size() >= n);
            return bytes();
        }
    }

    /**
     * A loopback port nothing listens on, below Linux's ephemeral range (32768+): connecting to a
     * closed port inside that range can connect the socket to itself when the kernel happens to
     * pick the same local port, which would make a "connection refused" test flaky.
     */
    static int closedPort() throws java.io.IOException {
        for (int p = 20_000; p < 21_000; p++) {
            try (var s = new java.net.ServerSocket(p, 1, java.net.InetAddress.getLoopbackAddress())) {
                return p;
            } catch (java.net.BindException taken) {
                // try the next one
            }
        }
        throw new java.io.IOException("no free port in 20000..20999");
    }
}
