package io.warden.osdp.transport;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.warden.sim.osdp.PtyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The serial transport over a real pseudo-terminal pair. It lives in the simulators module, in the
 * transport's package, because {@link PtyPair} is test and demo support kept out of the adapter.
 */
class OsdpSerialTransportTest {
    @TempDir
    Path dir;
    private Vertx vertx;
    private PtyPair pty;
    private OsdpSerialTransport a;
    private OsdpSerialTransport b;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        pty = PtyPair.open(dir);
        a = new OsdpSerialTransport(vertx, OsdpSerialOptions.of(pty.a().toString(), 9600));
        b = new OsdpSerialTransport(vertx, OsdpSerialOptions.of(pty.b().toString(), 9600));
    }

    @AfterEach
    void tearDown() throws Exception {
        await(a.close());
        await(b.close());
        pty.close();
        await(vertx.close());
    }

    @Test
    void bytesFlowBothWays() throws Exception {
        Sink atA = new Sink();
        Sink atB = new Sink();
        a.handler(atA);
        b.handler(atB);
        await(a.open());
        await(b.open());
        assertThat(a.isOpen()).isTrue();
        assertThat(a.describe()).isEqualTo("serial " + pty.a() + " 9600 8N1");

        await(a.write("hello pd".getBytes(StandardCharsets.US_ASCII)));
        await(b.write(new byte[] {(byte) 0xFF, 0x53, (byte) 0x81, 0x00}));

        assertThat(atB.awaitBytes(8)).isEqualTo("hello pd".getBytes(StandardCharsets.US_ASCII));
        assertThat(atA.awaitBytes(4)).containsExactly(0xFF, 0x53, 0x81, 0x00);
    }

    @Test
    void sixtyFourKibInChunksArriveIntactAndInOrder() throws Exception {
        Sink atB = new Sink();
        b.handler(atB);
        await(a.open());
        await(b.open());
        byte[] data = new byte[64 * 1024];
        new Random(42).nextBytes(data);
        // Writes are issued back to back without waiting: the transport must keep them in order.
        for (int off = 0; off < data.length; off += 1000) {
            a.write(Arrays.copyOfRange(data, off, Math.min(data.length, off + 1000)));
        }
        await(a.write(new byte[0]));
        assertThat(atB.awaitBytes(data.length)).isEqualTo(data);
    }

    @Test
    void callbacksRunOnTheOpenersContext() throws Exception {
        Context ctx = vertx.getOrCreateContext();
        CompletableFuture<Context> receivedOn = new CompletableFuture<>();
        CompletableFuture<Context> openedOn = new CompletableFuture<>();
        b.handler(bytes -> receivedOn.complete(Vertx.currentContext()));
        ctx.runOnContext(v -> b.open().onSuccess(x -> openedOn.complete(Vertx.currentContext())));
        assertThat(openedOn.get(10, TimeUnit.SECONDS)).isSameAs(ctx);
        await(a.open());
        await(a.write(new byte[] {1}));
        assertThat(receivedOn.get(10, TimeUnit.SECONDS)).isSameAs(ctx);
    }

    @Test
    void openOnMissingPathFailsNamingIt() throws Exception {
        String missing = dir.resolve("no-such-tty").toString();
        OsdpSerialTransport t = new OsdpSerialTransport(vertx, OsdpSerialOptions.of(missing, 9600));
        Throwable cause = awaitFailure(t.open());
        assertThat(cause).hasMessageContaining(missing).hasMessageContaining("no such device");
        assertThat(t.isOpen()).isFalse();
        await(t.close());
        assertThat(awaitFailure(t.write(new byte[] {1}))).hasMessageContaining("connection closed");
    }

    @Test
    void closeIsPromptAndEndsTheReaderThread() throws Exception {
        await(a.open());
        Thread reader = a.readerThread();
        assertThat(reader.isAlive()).isTrue();
        long start = System.nanoTime();
        await(a.close());
        // The reader's blocking read returns every READ_POLL_MS; a generous bound still catches a hang.
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3_000);
        assertThat(reader.isAlive()).isFalse();
        assertThat(a.isOpen()).isFalse();
        assertThat(awaitFailure(a.write(new byte[] {1}))).hasMessageContaining("connection closed");
    }

    @Test
    void socatExitDropsTheLink() throws Exception {
        CompletableFuture<Throwable> dropped = new CompletableFuture<>();
        a.closedHandler(dropped::complete);
        await(a.open());
        pty.close();
        assertThat(dropped.get(10, TimeUnit.SECONDS)).hasMessageContaining(pty.a().toString());
        until(() -> !a.isOpen(), "link down");
        until(() -> !a.readerThread().isAlive(), "reader ended");
    }

    /** Collects received chunks; thread-safe. */
    private static final class Sink implements java.util.function.Consumer<byte[]> {
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

        @Override
        public synchronized void accept(byte[] chunk) {
            bytes.write(chunk, 0, chunk.length);
        }

        private synchronized byte[] bytes() {
            return bytes.toByteArray();
        }

        /** Waits until at least {@code n} bytes arrived and returns everything so far. */
        byte[] awaitBytes(int n) {
            until(() -> bytes().length >= n, n + " bytes");
            return bytes();
        }
    }
}
