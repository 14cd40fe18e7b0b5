package io.warden.osdp.transport;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The open/closed state machine every {@link OsdpTransport} shares, so that each link answers the
 * contract the same way: single use, {@code open()} twice refused, {@link #close()} idempotent and
 * complete once the link is released, a write on a link that is not open failing with "connection
 * closed", the closed handler called at most once for a drop and never after {@code close()}.
 *
 * <pre>
 *   NEW --open()--> OPENING --connected--> OPEN --close()--> CLOSING --released--> CLOSED
 *                      |                     |                  ^
 *                      +--failed------------ | ---------------- | ------------------> CLOSED
 *                                            +--dropped()-------+ (closed handler told once)
 * </pre>
 *
 * <p>A subclass moves bytes only: {@link #connect} acquires the device or socket, {@link #send}
 * writes, {@link #disconnect} releases (it may be called more than once, and while a connect is
 * still running), and it reports received bytes with {@link #deliver} and a broken link with
 * {@link #dropped}. Futures it returns must complete on the opener's context.
 */
abstract class OsdpTransportBase implements OsdpTransport {

    /** Where the link is in its single life. */
    enum State { NEW, OPENING, OPEN, CLOSING, CLOSED }

    protected final Vertx vertx;
    protected final String label;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final Promise<Void> released = Promise.promise();
    private volatile Context context;
    private volatile boolean closeCalled;
    private volatile Consumer<byte[]> handler = bytes -> { };
    private volatile Consumer<Throwable> closedHandler = cause -> { };

    OsdpTransportBase(Vertx vertx, String label) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.label = Objects.requireNonNull(label, "label");
    }

    /** Acquires the link, on {@code context}. Fails with an {@link IOException} naming the link. */
    protected abstract Future<Void> connect(Context context);

    /** Writes on an open link; fails with an {@link IOException} saying "connection closed" and why. */
    protected abstract Future<Void> send(byte[] bytes);

    /** Releases the link: after queued writes, idempotent, also while {@link #connect} runs. */
    protected abstract Future<Void> disconnect();

    /** Called on the context once the link is OPEN, before {@link #open()}'s future completes. */
    protected void opened() {
    }

    @Override
    public final Future<Void> open() {
        if (!state.compareAndSet(State.NEW, State.OPENING)) {
            return Future.failedFuture(new IllegalStateException(label + ": single use, open() after open() or close()"));
        }
        Context ctx = vertx.getOrCreateContext();
        context = ctx;
        Promise<Void> result = Promise.promise();
        connect(ctx).onComplete(ar -> {
            if (ar.failed()) {
                state.set(State.CLOSED);
                released.tryComplete();
                Throwable t = ar.cause();
                result.fail(t instanceof IOException ? t : new IOException(label + ": " + t.getMessage(), t));
            } else if (state.compareAndSet(State.OPENING, State.OPEN)) {
                opened();
                result.complete();
            } else { // close() or a drop came while connecting
                release();
                result.fail(new IOException(label + ": closed while opening"));
            }
        });
        return result.future();
    }

    @Override
    public final Future<Void> write(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (state.get() != State.OPEN) return onContext(Future.failedFuture(new IOException(label + ": connection closed")));
        return send(bytes);
    }

    @Override
    public final Future<Void> close() {
        closeCalled = true;
        State prev = state.getAndUpdate(s -> s == State.NEW ? State.CLOSED
                : s == State.OPENING || s == State.OPEN ? State.CLOSING : s);
        if (prev == State.NEW) {
            released.tryComplete();
            return Future.succeededFuture();
        }
        if (prev == State.OPENING || prev == State.OPEN) release();
        return onContext(released.future());
    }

    /**
     * The link broke on its own (unplugged, peer gone, I/O error): OPEN becomes CLOSING, the closed
     * handler gets {@code cause} once on the context (not after {@code close()}), and the link is
     * released. While still OPENING, the open fails instead. Any thread; later calls do nothing.
     */
    protected final void dropped(IOException cause) {
        State prev = state.getAndUpdate(s -> s == State.OPEN || s == State.OPENING ? State.CLOSING : s);
        if (prev != State.OPEN) return;
        notifyClosed(cause);
        release();
    }

    /** Tells the closed handler, on the context, unless {@code close()} was called. Any thread. */
    protected final void notifyClosed(Throwable cause) {
        Context ctx = context;
        ctx.runOnContext(v -> {
            if (!closeCalled) closedHandler.accept(cause);
        });
    }

    /** Hands received bytes to the handler; call on the context. Dropped once close() was called. */
    protected final void deliver(byte[] chunk) {
        if (!closeCalled) handler.accept(chunk);
    }

    /** The opener's context, or null before {@link #open()}. */
    protected final Context context() {
        return context;
    }

    /** Whether {@link #close()} was called (the link may still be releasing). */
    protected final boolean closeCalled() {
        return closeCalled;
    }

    /** Whether the link is closing or closed, for whatever reason. */
    protected final boolean isClosed() {
        State s = state.get();
        return s == State.CLOSING || s == State.CLOSED;
    }

    private void release() {
        disconnect().onComplete(ar -> {
            state.set(State.CLOSED);
            released.tryComplete();
        });
    }

    @Override
    public final void handler(Consumer<byte[]> received) {
        this.handler = Objects.requireNonNull(received, "received");
    }

    @Override
    public final void closedHandler(Consumer<Throwable> closed) {
        this.closedHandler = Objects.requireNonNull(closed, "closed");
    }

    @Override
    public boolean isOpen() {
        return state.get() == State.OPEN;
    }

    @Override
    public final String describe() {
        return label;
    }

    /** Re-delivers {@code f}'s outcome on the opener's context, as the interface promises. */
    protected final <T> Future<T> onContext(Future<T> f) {
        Context ctx = context;
        if (ctx == null) return f;
        Promise<T> promise = Promise.promise();
        f.onComplete(ar -> ctx.runOnContext(v -> promise.handle(ar)));
        return promise.future();
    }
}
