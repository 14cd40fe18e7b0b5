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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

class OsdpTcpTransportTest {
    private Vertx vertx;
    private NetServer server;
    private final CompletableFuture<NetSocket> accepted = new CompletableFuture<>();
    private final CompletableFuture<Void> serverSawClose = new CompletableFuture<>();
    private final TransportTestSupport.Sink atServer = new TransportTestSupport.Sink();

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createNetServer().connectHandler(s -> {
            s.handler(buf -> atServer.accept(buf.getBytes()));
            s.closeHandler(v -> serverSawClose.complete(null));
            accepted.complete(s);
        });
        await(server.listen(0, "127.0.0.1"));
    }

    @AfterEach
    void tearDown() throws Exception {
        await(vertx.close());
    }

    private OsdpTcpTransport client() {
        return new OsdpTcpTransport(vertx, "127.0.0.1", server.actualPort(), Duration.ofSeconds(2));
    }

    @Test
    void bytesFlowBothWays() throws Exception {
        OsdpTcpTransport t = client();
        TransportTestSupport.Sink atClient = new TransportTestSupport.Sink();
        t.handler(atClient);
        await(t.open());
        assertThat(t.isOpen()).isTrue();
        assertThat(t.describe()).isEqualTo("tcp 127.0.0.1:" + server.actualPort());

        await(t.write(new byte[] {(byte) 0xFF, 0x53, 0x01}));
        await(t.write(new byte[] {0x08, 0x00}));
        assertThat(atServer.awaitBytes(5)).containsExactly(0xFF, 0x53, 0x01, 0x08, 0x00);

        NetSocket s = accepted.get(10, TimeUnit.SECONDS);
        await(s.write(Buffer.buffer(new byte[] {0x53, (byte) 0x81})));
        assertThat(atClient.awaitBytes(2)).containsExactly(0x53, 0x81);
        await(t.close());
        assertThat(t.isOpen()).isFalse();
    }

    @Test
    void serverClosingFiresClosedHandlerOnTheOpenersContext() throws Exception {
        OsdpTcpTransport t = client();
        Context ctx = vertx.getOrCreateContext();
        CompletableFuture<Context> receivedOn = new CompletableFuture<>();
        CompletableFuture<Context> closedOn = new CompletableFuture<>();
        CompletableFuture<Throwable> cause = new CompletableFuture<>();
        t.handler(bytes -> receivedOn.complete(Vertx.currentContext()));
        t.closedHandler(c -> {
            closedOn.complete(Vertx.currentContext());
            cause.complete(c);
        });
        CompletableFuture<Context> openedOn = new CompletableFuture<>();
        ctx.runOnContext(v -> t.open().onSuccess(x -> openedOn.complete(Vertx.currentContext())));
        assertThat(openedOn.get(10, TimeUnit.SECONDS)).isSameAs(ctx);

        NetSocket s = accepted.get(10, TimeUnit.SECONDS);
        await(s.write(Buffer.buffer(new byte[] {1})));
        assertThat(receivedOn.get(10, TimeUnit.SECONDS)).isSameAs(ctx);
        await(s.close());

        assertThat(closedOn.get(10, TimeUnit.SECONDS)).isSameAs(ctx);
        assertThat(cause.get()).hasMessageContaining("tcp 127.0.0.1:" + server.actualPort());
        until(() -> !t.isOpen(), "link down");
        assertThat(awaitFailure(t.write(new byte[] {1}))).hasMessageContaining("connection closed");
    }

    @Test
    void closeDoesNotFireClosedHandler() throws Exception {
        OsdpTcpTransport t = client();
        CompletableFuture<Throwable> closed = new CompletableFuture<>();
        t.closedHandler(closed::complete);
        await(t.open());
        await(t.close());
        await(t.close());
        // The server side sees the close; the client must not report it as a drop.
        serverSawClose.get(10, TimeUnit.SECONDS);
        assertThat(closed).isNotDone();
    }

    @Test
    void connectToClosedPortFailsNamingHostAndPort() throws Exception {
        try (ClosedPort closed = new ClosedPort()) {
            int port = closed.port();
            OsdpTcpTransport t = new OsdpTcpTransport(vertx, "127.0.0.1", port, Duration.ofSeconds(2));
            Throwable cause = awaitFailure(t.open());
            assertThat(cause).hasMessageStartingWith("tcp 127.0.0.1:" + port + ": connect failed");
            assertThat(t.isOpen()).isFalse();
            assertThat(awaitFailure(t.open())).isInstanceOf(IllegalStateException.class);
            await(t.close());
        }
    }
}
