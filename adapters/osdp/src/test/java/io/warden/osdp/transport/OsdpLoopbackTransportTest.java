package io.warden.osdp.transport;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

class OsdpLoopbackTransportTest {
    private Vertx vertx;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        await(vertx.close());
    }

    @Test
    void bytesFlowBothWaysOnEachEndsContext() throws Exception {
        OsdpLoopbackTransport.Pair pair = OsdpLoopbackTransport.create(vertx);
        Context ctxA = vertx.getOrCreateContext();
        Context ctxB = vertx.getOrCreateContext();
        TransportTestSupport.Sink atA = new TransportTestSupport.Sink();
        TransportTestSupport.Sink atB = new TransportTestSupport.Sink();
        CompletableFuture<Context> bReceivedOn = new CompletableFuture<>();
        pair.a().handler(atA);
        pair.b().handler(bytes -> {
            bReceivedOn.complete(Vertx.currentContext());
            atB.accept(bytes);
        });
        CompletableFuture<Void> opened = new CompletableFuture<>();
        ctxA.runOnContext(v -> pair.a().open()
                .compose(x -> pair.a().write(new byte[] {1, 2}))     // written before b opens: waits for b
                .onSuccess(x -> ctxB.runOnContext(w -> pair.b().open().onSuccess(y -> opened.complete(null)))));
        opened.get(10, TimeUnit.SECONDS);
        await(pair.a().write(new byte[] {3}));
        await(pair.b().write(new byte[] {9, 8}));

        assertThat(atB.awaitBytes(3)).containsExactly(1, 2, 3);
        assertThat(atA.awaitBytes(2)).containsExactly(9, 8);
        assertThat(bReceivedOn.get()).isSameAs(ctxB);
        assertThat(pair.a().describe()).isEqualTo("loopback a");
    }

    @Test
    void closingOneEndFiresTheOthersClosedHandlerAfterPendingBytes() throws Exception {
        OsdpLoopbackTransport.Pair pair = OsdpLoopbackTransport.create(vertx);
        TransportTestSupport.Sink atB = new TransportTestSupport.Sink();
        CompletableFuture<Integer> bytesWhenClosed = new CompletableFuture<>();
        CompletableFuture<Throwable> aClosed = new CompletableFuture<>();
        pair.b().handler(atB);
        pair.b().closedHandler(cause -> bytesWhenClosed.complete(atB.size()));
        pair.a().closedHandler(aClosed::complete);
        await(pair.a().open());
        await(pair.b().open());

        pair.a().write(new byte[] {1, 2, 3});
        await(pair.a().close());

        assertThat(bytesWhenClosed.get(10, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(pair.b().isOpen()).isFalse();
        assertThat(awaitFailure(pair.b().write(new byte[] {1}))).hasMessageContaining("connection closed");
        await(pair.b().close());
        assertThat(aClosed).isNotDone();
    }

    @Test
    void openingAfterThePeerClosedFails() throws Exception {
        OsdpLoopbackTransport.Pair pair = OsdpLoopbackTransport.create(vertx);
        await(pair.a().open());
        await(pair.a().close());
        assertThat(awaitFailure(pair.b().open())).hasMessageContaining("peer closed");
    }
}
