package io.warden.osdp.transport;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One end of an in-memory cable, for tests and single-JVM demos: what one end writes arrives at the
 * other, in order, on the other end's context. Bytes written before the other end opens wait for
 * it, so the two sides may open in any order.
 *
 * <p>Closing one end drops the other: its closed handler runs, after any bytes already sent.
 * Opening an end whose peer already closed fails. All methods are thread-safe and never block.
 */
public final class OsdpLoopbackTransport extends OsdpTransportBase {

    /** The two ends of one cable. */
    public record Pair(OsdpLoopbackTransport a, OsdpLoopbackTransport b) {}

    /** Shared by both ends: guards {@code flowing} and {@code pending} of the pair. */
    private final Object lock;
    private OsdpLoopbackTransport peer;
    /** Bytes reach the handler directly; before, they wait in {@code pending}. */
    private boolean flowing;
    private final List<byte[]> pending = new ArrayList<>();

    private OsdpLoopbackTransport(Vertx vertx, String label, Object lock) {
        super(vertx, label);
        this.lock = lock;
    }

    /** Creates a connected pair; {@link #describe()} gives {@code "loopback a"} and {@code "loopback b"}. */
    public static Pair create(Vertx vertx) {
        Objects.requireNonNull(vertx, "vertx");
        Object lock = new Object();
        OsdpLoopbackTransport a = new OsdpLoopbackTransport(vertx, "loopback a", lock);
        OsdpLoopbackTransport b = new OsdpLoopbackTransport(vertx, "loopback b", lock);
        a.peer = b;
        b.peer = a;
        return new Pair(a, b);
    }

    @Override
    protected Future<Void> connect(Context ctx) {
        synchronized (lock) {
            if (peer.isClosed()) return Future.failedFuture(new IOException(label + ": peer closed"));
            flowing = true;
            for (byte[] chunk : pending) ctx.runOnContext(v -> deliver(chunk));
            pending.clear();
        }
        Promise<Void> connected = Promise.promise();
        ctx.runOnContext(v -> connected.complete());
        return connected.future();
    }

    @Override
    protected Future<Void> send(byte[] bytes) {
        byte[] copy = bytes.clone();
        synchronized (lock) {
            if (!flowing) return onContext(Future.failedFuture(new IOException(label + ": connection closed")));
            peer.receive(copy);
        }
        return onContext(Future.succeededFuture());
    }

    /** Called with the pair's lock held. Bytes sent to a closed end are lost, as on a wire. */
    private void receive(byte[] chunk) {
        if (flowing) {
            context().runOnContext(v -> deliver(chunk));
        } else if (!isClosed()) {
            pending.add(chunk);
        }
    }

    /** Closing one end drops the other, after the bytes already sent to it. */
    @Override
    protected Future<Void> disconnect() {
        synchronized (lock) {
            flowing = false;
            if (peer.flowing) {
                peer.flowing = false;
                OsdpLoopbackTransport p = peer;
                IOException cause = new IOException(p.label + ": connection closed by peer");
                p.context().runOnContext(v -> p.dropped(cause));
            }
        }
        return onContext(Future.succeededFuture());
    }
}
