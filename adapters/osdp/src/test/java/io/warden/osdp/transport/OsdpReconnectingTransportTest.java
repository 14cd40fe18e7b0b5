package io.warden.osdp.transport;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.warden.adapter.api.testing.ClosedPort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

class OsdpReconnectingTransportTest {
    private static final OsdpReconnectingTransport.Backoff FAST =
            new OsdpReconnectingTransport.Backoff(Duration.ofMillis(10), Duration.ofMillis(80), 2.0, 0.0);

    private Vertx vertx;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<Long> delays = new CopyOnWriteArrayList<>();

    /** A transport whose drops and restorations, through the OsdpTransport handlers, land in {@link #events}. */
    private OsdpReconnectingTransport reconnecting(Supplier<OsdpTransport> factory, Runnable onEvent) {
        var t = new OsdpReconnectingTransport(vertx, factory, FAST, delays::add, Math::random, System::nanoTime);
        t.closedHandler(cause -> {
            onEvent.run();
            events.add("DOWN:" + cause.getMessage());
        });
        t.restoredHandler(() -> {
            onEvent.run();
            events.add("UP");
        });
        return t;
    }

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        await(vertx.close());
    }

    @Test
    void backoffGrowsToTheCapAndJitterOnlyShortens() {
        var b = new OsdpReconnectingTransport.Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 2.0, 0.2);
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 8)).map(n -> b.delayMillis(n, 0.0))
                .containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L);
        assertThat(b.delayMillis(1, 0.999)).isBetween(80L, 81L);
        assertThat(b.delayMillis(50, 0.5)).isEqualTo(4500L);
        assertThat(OsdpReconnectingTransport.Backoff.defaults()).isEqualTo(b);
    }

    @Test
    void comesBackAfterTheServerDropsTheConnection() throws Exception {
        LinkedBlockingQueue<NetSocket> accepted = new LinkedBlockingQueue<>();
        TransportTestSupport.Sink atServer = new TransportTestSupport.Sink();
        NetServer server = vertx.createNetServer().connectHandler(s -> {
            s.handler(buf -> atServer.accept(buf.getBytes()));
            accepted.add(s);
        });
        await(server.listen(0, "127.0.0.1"));
        int port = server.actualPort();
        TransportTestSupport.Sink received = new TransportTestSupport.Sink();
        List<Context> callbackContexts = new CopyOnWriteArrayList<>();
        var t = reconnecting(() -> new OsdpTcpTransport(vertx, "127.0.0.1", port, Duration.ofSeconds(2)),
                () -> callbackContexts.add(Vertx.currentContext()));
        t.handler(bytes -> {
            callbackContexts.add(Vertx.currentContext());
            received.accept(bytes);
        });
        Context ctx = vertx.getOrCreateContext();
        CompletableFuture<Void> opened = new CompletableFuture<>();
        ctx.runOnContext(v -> t.open().onSuccess(x -> opened.complete(null)));
        opened.get(10, TimeUnit.SECONDS);
        assertThat(t.isOpen()).isTrue();
        assertThat(t.describe()).isEqualTo("reconnecting tcp 127.0.0.1:" + port);

        await(accepted.poll(10, TimeUnit.SECONDS).close());
        NetSocket second = accepted.poll(10, TimeUnit.SECONDS);
        assertThat(second).as("reconnected").isNotNull();
        until(t::isOpen, "link up again");
        until(() -> events.size() >= 2, "drop and restoration reported");
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).startsWith("DOWN:tcp 127.0.0.1:" + port);
        assertThat(events.get(1)).isEqualTo("UP");

        // The new connection carries bytes both ways.
        await(t.write(new byte[] {8}));
        assertThat(atServer.awaitBytes(1)).containsExactly(8);
        await(second.write(Buffer.buffer(new byte[] {5})));
        assertThat(received.awaitBytes(1)).containsExactly(5);
        assertThat(callbackContexts).hasSize(3).allSatisfy(c -> assertThat(c).isSameAs(ctx));
        await(t.close());
        assertThat(t.isOpen()).isFalse();
    }

    @Test
    void failedAttemptsBackOffUntilThePeerAppears() throws Exception {
        ClosedPort closed = new ClosedPort();
        int port = closed.port();
        var t = reconnecting(() -> new OsdpTcpTransport(vertx, "127.0.0.1", port, Duration.ofSeconds(2)), () -> { });
        var opened = t.open();
        until(() -> delays.size() >= 5, "five retries scheduled");
        assertThat(List.copyOf(delays).subList(0, 5)).containsExactly(10L, 20L, 40L, 80L, 80L); // a snapshot: retries go on
        assertThat(events.get(0)).startsWith("DOWN:tcp 127.0.0.1:" + port + ": connect failed");
        assertThat(events).hasSize(1);
        assertThat(awaitFailure(t.write(new byte[] {1}))).hasMessageContaining("connection closed");

        closed.close(); // the peer appears on the port that refused until now
        NetServer server = vertx.createNetServer().connectHandler(s -> { });
        await(server.listen(port, "127.0.0.1"));
        await(opened);
        assertThat(events).last().isEqualTo("UP");
        await(t.close());
    }

    @Test
    void closeBeforeTheLinkIsUpFailsOpenAndStopsRetrying() throws Exception {
        ClosedPort closed = new ClosedPort();
        int port = closed.port();
        AtomicInteger made = new AtomicInteger();
        var t = reconnecting(() -> {
            made.incrementAndGet();
            return new OsdpTcpTransport(vertx, "127.0.0.1", port, Duration.ofSeconds(1));
        }, () -> { });
        var opened = t.open();
        until(() -> delays.size() >= 3, "a few retries");
        await(t.close());
        assertThat(awaitFailure(opened)).hasMessageContaining("closed before the link came up");
        int madeAtClose = made.get();
        // A negative check needs a wait: several times the longest backoff, measured by a Vert.x timer.
        await(vertx.timer(FAST.max().toMillis() * 4));
        assertThat(made.get()).isEqualTo(madeAtClose);
        assertThat(t.isOpen()).isFalse();
        closed.close();
    }
}
