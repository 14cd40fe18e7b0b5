package io.warden.osdp.transport;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One end of an in-memory cable, for tests and single-JVM demos: what one end writes arrives at the
 * other, in order, on the other end's context. Bytes written before the other end opens wait for
 * it, so the two sides may open in any order.
 *
 * <p>Closing one end drops the other: its closed handler runs, after any bytes already sent.
 * Opening an end whose peer already closed fails. All methods are thread-safe and never block.
 */
public final class OsdpLoopbackTransport implements OsdpTransport {

    /** The two ends of one cable. */
    public record Pair(OsdpLoopbackTransport a, OsdpLoopbackTransport b) {}

    private enum State { NEW, OPEN, CLOSED }

    private final Vertx vertx;
    private final String label;
    private final Object lock;
    private OsdpLoopbackTransport peer;
    private State state = State.NEW;
    private Context context;
    private final List<byte[]> pending = new ArrayList<>();
    private volatile boolean closeCalled;
    private volatile Consumer<byte[]> handler = bytes -> { };
    private volatile Consumer<Throwable> closedHandler = cause -> { };

    private OsdpLoopbackTransport(Vertx vertx, String label, Object lock) {
        this.vertx = vertx;
        this.label = label;
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
    public Future<Void> open() {
        Context ctx = vertx.getOrCreateContext();
        synchronized (lock) {
            if (state != State.NEW) return Future.failedFuture(new IllegalStateException(label + ": open() called twice"));
            if (peer.state == State.CLOSED) {
                state = State.CLOSED;
                return Future.failedFuture(new IOException(label + ": peer closed"));
            }
            context = ctx;
            state = State.OPEN;
            for (byte[] chunk : pending) ctx.runOnContext(v -> deliver(chunk));
            pending.clear();
        }
        Promise<Void> opened = Promise.promise();
        ctx.runOnContext(v -> opened.complete());
        return opened.future();
    }

    @Override
    public Future<Void> write(byte[] bytes) {
        byte[] copy = bytes.clone();
        synchronized (lock) {
            if (state != State.OPEN) return onContext(Future.failedFuture(new IOException(label + ": connection closed")));
            peer.receive(copy);
        }
        return onContext(Future.succeededFuture());
    }

    /** Called with the pair's lock held. Bytes sent to a closed end are lost, as on a wire. */
    private void receive(byte[] chunk) {
        if (state == State.OPEN) {
            context.runOnContext(v -> deliver(chunk));
        } else if (state == State.NEW) {
            pending.add(chunk);
        }
    }

    private void deliver(byte[] chunk) {
        if (!closeCalled) handler.accept(chunk);
    }

    @Override
    public Future<Void> close() {
        closeCalled = true;
        synchronized (lock) {
            State prev = state;
            state = State.CLOSED;
            if (prev == State.OPEN && peer.state == State.OPEN) {
                peer.state = State.CLOSED;
                OsdpLoopbackTransport p = peer;
                IOException cause = new IOException(p.label + ": connection closed by peer");
                p.context.runOnContext(v -> {
                    if (!p.closeCalled) p.closedHandler.accept(cause);
                });
            }
        }
        return onContext(Future.succeededFuture());
    }

    @Override
    public void handler(Consumer<byte[]> received) {
        this.handler = Objects.requireNonNull(received, "received");
    }

    @Override
    public void closedHandler(Consumer<Throwable> closed) {
        this.closedHandler = Objects.requireNonNull(closed, "closed");
    }

    @Override
    public boolean isOpen() {
        synchronized (lock) {
            return state == State.OPEN;
        }
    }

    @Override
    public String describe() {
        return label;
    }

    private <T> Future<T> onContext(Future<T> f) {
        Context ctx;
        synchronized (lock) {
            ctx = context;
        }
        if (ctx == null) return f;
        Promise<T> promise = Promise.promise();
        f.onComplete(ar -> ctx.runOnContext(v -> promise.handle(ar)));
        return promise.future();
    }
}
