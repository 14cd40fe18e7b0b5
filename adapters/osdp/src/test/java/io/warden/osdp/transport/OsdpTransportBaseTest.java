package io.warden.osdp.transport;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The life cycle every transport shares through {@link OsdpTransportBase}. */
class OsdpTransportBaseTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void tearDown() throws Exception {
        await(vertx.close());
    }

    @Test
    void closeIsIdempotentAndEndsTheLinkForGood() throws Exception {
        var pair = OsdpLoopbackTransport.create(vertx);
        List<Throwable> drops = new CopyOnWriteArrayList<>();
        pair.a().closedHandler(drops::add);
        await(pair.a().open());
        await(pair.b().open());
        assertThat(pair.a().isOpen()).isTrue();

        await(pair.a().close());
        await(pair.a().close());
        assertThat(pair.a().isOpen()).isFalse();
        assertThat(awaitFailure(pair.a().write(new byte[] {1}))).hasMessage("loopback a: connection closed");
        assertThat(awaitFailure(pair.a().open())).isInstanceOf(IllegalStateException.class);
        assertThat(drops).as("no closed handler after close()").isEmpty();
        until(() -> !pair.b().isOpen(), "the peer dropped");
        assertThat(awaitFailure(pair.b().write(new byte[] {1}))).hasMessageContaining("connection closed");
    }

    @Test
    void closingBeforeOpenOrTwiceOpeningIsHandled() throws Exception {
        var neverOpened = new OsdpTcpTransport(vertx, "127.0.0.1", 9, Duration.ofSeconds(1));
        await(neverOpened.close());
        assertThat(awaitFailure(neverOpened.open())).isInstanceOf(IllegalStateException.class);
        assertThat(awaitFailure(neverOpened.write(new byte[] {1}))).hasMessage("tcp 127.0.0.1:9: connection closed");

        var pair = OsdpLoopbackTransport.create(vertx);
        await(pair.a().open());
        assertThat(awaitFailure(pair.a().open())).isInstanceOf(IllegalStateException.class).hasMessageContaining("single use");
        assertThat(pair.a().isOpen()).as("a refused second open leaves the first alone").isTrue();
        await(pair.a().close());
    }
}
