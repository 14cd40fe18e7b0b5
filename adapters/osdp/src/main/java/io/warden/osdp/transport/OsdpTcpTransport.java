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
public final class OsdpTcpTransport extends OsdpTransportBase {
    /** Connect timeout used by {@link #OsdpTcpTransport(Vertx, String, int)}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(OsdpTcpTransport.class);

    private final String host;
    private final int port;
    private final Duration connectTimeout;
    private volatile NetClient client;
    private volatile NetSocket socket;
    private volatile Throwable lastError;

    /**
     * @param host name or address of the PD or converter
     * @param port TCP port, 1-65535 (OSDP has no standard port)
     * @param connectTimeout how long {@link #open()} waits for the TCP handshake
     */
    public OsdpTcpTransport(Vertx vertx, String host, int port, Duration connectTimeout) {
        super(vertx, "tcp " + Objects.requireNonNull(host, "host") + ":" + port);
        this.host = host;
        if (port < 1 || port > 65535) throw new IllegalArgumentException("tcp " + host + ":" + port + ": port out of range");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("tcp " + host + ":" + port + ": connect timeout must be positive");
        }
        this.port = port;
        this.connectTimeout = connectTimeout;
    }

    /** Same as {@link #OsdpTcpTransport(Vertx, String, int, Duration)} with {@link #DEFAULT_CONNECT_TIMEOUT}. */
    public OsdpTcpTransport(Vertx vertx, String host, int port) {
        this(vertx, host, port, DEFAULT_CONNECT_TIMEOUT);
    }

    @Override
    protected Future<Void> connect(Context ctx) {
        NetClient c = vertx.createNetClient(new NetClientOptions()
                .setTcpNoDelay(true)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis())));
        client = c;
        Promise<Void> connected = Promise.promise();
        // Connecting from inside the context binds the socket, and so every callback, to it.
        ctx.runOnContext(v -> c.connect(port, host).onComplete(ar -> {
            if (ar.failed()) {
                c.close();
                connected.fail(new IOException(label + ": connect failed: " + ar.cause().getMessage(), ar.cause()));
                return;
            }
            NetSocket s = ar.result();
            socket = s;
            s.handler(buf -> deliver(buf.getBytes()));
            s.exceptionHandler(t -> lastError = t);
            s.closeHandler(x -> onSocketClosed());
            log.info("event=tcp_open peer={}:{} local={}", host, port, s.localAddress());
            connected.complete();
        }));
        return connected.future();
    }

    private void onSocketClosed() {
        Throwable err = lastError;
        IOException cause = err == null
                ? new IOException(label + ": connection closed by peer")
                : new IOException(label + ": connection lost: " + err.getMessage(), err);
        if (isOpen()) log.warn("event=tcp_drop peer={}:{} cause=\"{}\"", host, port, cause.getMessage());
        dropped(cause);
    }

    @Override
    protected Future<Void> send(byte[] bytes) {
        NetSocket s = socket;
        if (s == null) return onContext(Future.failedFuture(new IOException(label + ": connection closed")));
        return s.write(Buffer.buffer(bytes))
                .recover(t -> Future.failedFuture(new IOException(label + ": connection closed: " + t.getMessage(), t)));
    }

    @Override
    protected Future<Void> disconnect() {
        NetSocket s = socket;
        NetClient c = client;
        if (s != null && closeCalled()) log.info("event=tcp_close peer={}:{}", host, port);
        Future<Void> socketClosed = s != null ? s.close() : Future.succeededFuture();
        // Closing the client also abandons a connect still in flight.
        return onContext(socketClosed.transform(ar -> c == null ? Future.succeededFuture() : c.close()));
    }
}
