package io.warden.osdp.transport;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * An {@link OsdpTransport} over a TCP connection, for serial-to-Ethernet converters and PDs with a
 * network port. OSDP over TCP carries the serial frames unchanged, with no header or length prefix
 * (OSDP section 1), so this is a plain Vert.x {@link NetClient} socket with {@code TCP_NODELAY}:
 * frames are small and latency-bound.
 *
 * <p><b>Threading.</b> The connection is made on the context of the {@link #open()} caller, so the
 * socket — and with it every callback — lives on that context's event loop. Nothing blocks.
 *
 * <p><b>Failures.</b> A refused or timed-out connect fails {@link #open()} with an
 * {@link IOException} naming {@code host:port}. The peer closing the socket, or a socket error,
 * drops the link: the closed handler gets the cause once. Writes are not flow-controlled; the CP
 * keeps one request in flight, so the socket's write queue stays short.
 */
public final class OsdpTcpTransport implements OsdpTransport {
    /** Connect timeout used by {@link #OsdpTcpTransport(Vertx, String, int)}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(OsdpTcpTransport.class);

    private enum State { NEW, OPENING, OPEN, CLOSED }

    private final Vertx vertx;
    private final String host;
    private final int port;
    private final Duration connectTimeout;
    private final String label;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private volatile Context context;
    private volatile NetClient client;
    private volatile NetSocket socket;
    private volatile Throwable lastError;
    private volatile boolean closeCalled;
    private volatile Consumer<byte[]> handler = bytes -> { };
    private volatile Consumer<Throwable> closedHandler = cause -> { };

    /**
     * @param host name or address of the PD or converter
     * @param port TCP port, 1-65535 (OSDP has no standard port)
     * @param connectTimeout how long {@link #open()} waits for the TCP handshake
     */
    public OsdpTcpTransport(Vertx vertx, String host, int port, Duration connectTimeout) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.host = Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("tcp " + host + ":" + port + ": port out of range");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("tcp " + host + ":" + port + ": connect timeout must be positive");
        }
        this.port = port;
        this.connectTimeout = connectTimeout;
        this.label = "tcp " + host + ":" + port;
    }

    /** Same as {@link #OsdpTcpTransport(Vertx, String, int, Duration)} with {@link #DEFAULT_CONNECT_TIMEOUT}. */
    public OsdpTcpTransport(Vertx vertx, String host, int port) {
        this(vertx, host, port, DEFAULT_CONNECT_TIMEOUT);
    }

    @Override
    public Future<Void> open() {
        if (!state.compareAndSet(State.NEW, State.OPENING)) {
            return Future.failedFuture(new IllegalStateException(label + ": open() called twice"));
        }
        Context ctx = vertx.getOrCreateContext();
        context = ctx;
        NetClient c = vertx.createNetClient(new NetClientOptions()
                .setTcpNoDelay(true)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis())));
        client = c;
        Promise<Void> opened = Promise.promise();
        // Connecting from inside the context binds the socket, and so every callback, to it.
        ctx.runOnContext(v -> c.connect(port, host).onComplete(ar -> {
            if (ar.failed()) {
                state.set(State.CLOSED);
                c.close();
                opened.fail(new IOException(label + ": connect failed: " + ar.cause().getMessage(), ar.cause()));
                return;
            }
            NetSocket s = ar.result();
            socket = s;
            if (!state.compareAndSet(State.OPENING, State.OPEN)) {
                s.close();
                c.close();
                opened.fail(new IOException(label + ": closed while connecting"));
                return;
            }
            s.handler(buf -> {
                if (!closeCalled) handler.accept(buf.getBytes());
            });
            s.exceptionHandler(t -> lastError = t);
            s.closeHandler(x -> onSocketClosed());
            log.info("event=tcp_open peer={}:{} local={}", host, port, s.localAddress());
            opened.complete();
        }));
        return opened.future();
    }

    private void onSocketClosed() {
        if (!state.compareAndSet(State.OPEN, State.CLOSED)) return;
        Throwable err = lastError;
        IOException cause = err == null
                ? new IOException(label + ": connection closed by peer")
                : new IOException(label + ": connection lost: " + err.getMessage(), err);
        log.warn("event=tcp_drop peer={}:{} cause=\"{}\"", host, port, cause.getMessage());
        client.close();
        if (!closeCalled) closedHandler.accept(cause);
    }

    @Override
    public Future<Void> write(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        NetSocket s = socket;
        if (state.get() != State.OPEN || s == null) return failed(new IOException(label + ": connection closed"));
        return s.write(Buffer.buffer(bytes))
                .recover(t -> Future.failedFuture(new IOException(label + ": connection closed: " + t.getMessage(), t)));
    }

    @Override
    public Future<Void> close() {
        closeCalled = true;
        State prev = state.getAndSet(State.CLOSED);
        NetClient c = client;
        if (prev == State.NEW || c == null) return Future.succeededFuture();
        if (prev == State.OPEN) log.info("event=tcp_close peer={}:{}", host, port);
        NetSocket s = socket;
        Future<Void> socketClosed = prev == State.OPEN && s != null ? s.close() : Future.succeededFuture();
        // Closing the client also abandons a connect still in flight.
        return onContext(socketClosed.transform(ar -> c.close()));
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
        return state.get() == State.OPEN;
    }

    @Override
    public String describe() {
        return label;
    }

    private <T> Future<T> failed(Throwable cause) {
        return onContext(Future.failedFuture(cause));
    }

    /** Re-delivers {@code f}'s outcome on the opener's context, as the interface promises. */
    private <T> Future<T> onContext(Future<T> f) {
        Context ctx = context;
        if (ctx == null) return f;
        Promise<T> promise = Promise.promise();
        f.onComplete(ar -> ctx.runOnContext(v -> promise.handle(ar)));
        return promise.future();
    }
}
