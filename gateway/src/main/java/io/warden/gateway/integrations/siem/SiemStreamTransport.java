package io.warden.gateway.integrations.siem;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.integrations.Outbox;
import io.warden.gateway.integrations.ReconnectBackoff;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syslog over one long-lived TCP or TLS connection (RFC 6587 / RFC 5425), each message framed by octet counting.
 *
 * <p>Records leave the outbox in order, at most {@link #MAX_IN_FLIGHT} written and not yet completed. A record
 * counts as delivered when its write completes, i.e. when the bytes are handed to the operating system: syslog
 * over TCP has no application acknowledgement, so what sits in the socket buffers when a collector dies is lost
 * (RELP exists for that; few SIEMs speak it). When the connection closes, records whose writes had not completed
 * go back to the head of the outbox, in order, and are sent again on the next connection (possibly twice: the
 * {@code seq} in every message lets a collector tell). Reconnects back off from {@link #FIRST_RETRY} doubling to
 * {@link #MAX_RETRY}, with jitter ({@link ReconnectBackoff}); an outage is logged once when it starts and once when it ends.
 *
 * <p>A collector that accepts and then stops reading (hung, or a host gone without closing the connection) would
 * otherwise leave writes pending for ever behind a connection that looks up: when records are in flight and no
 * write has completed for {@link #STALL_LIMIT}, the connection is closed as broken, like any other close.
 */
final class SiemStreamTransport implements SiemTransport {
    private static final Logger log = LoggerFactory.getLogger(SiemStreamTransport.class);
    static final int MAX_IN_FLIGHT = 64;
    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);
    /** A connection up this long ends an outage: the back-off starts again from {@link #FIRST_RETRY}. */
    static final Duration STABLE_AFTER = Duration.ofSeconds(10);
    /** Records in flight and no write completed this long: the collector has stopped reading. */
    static final Duration STALL_LIMIT = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final String sinkId;
    private final String host;
    private final int port;
    private final NetClientOptions options;
    private final Outbox outbox;
    private final Link link;
    private final Duration stallLimit;
    private NetClient client;
    private Connection current;
    private long retryTimer = -1;
    private final ReconnectBackoff backoff = new ReconnectBackoff(FIRST_RETRY, MAX_RETRY, STABLE_AFTER);
    private boolean outage;
    private boolean stopped;

    /** One connection and the records written on it whose writes have not completed yet, oldest first. */
    private static final class Connection {
        final NetSocket socket;
        final ArrayDeque<AuditRecord> inFlight = new ArrayDeque<>();
        /** System.nanoTime of the last completed write, or of the first write since nothing was in flight. */
        long progressAt;
        long stallTimer = -1;

        Connection(NetSocket socket) {
            this.socket = socket;
        }
    }

    SiemStreamTransport(Vertx vertx, String sinkId, String host, int port, NetClientOptions options, Outbox outbox, Link link) {
        this(vertx, sinkId, host, port, options, outbox, link, STALL_LIMIT);
    }

    /** With a shorter {@code stallLimit}, for tests. */
    SiemStreamTransport(Vertx vertx, String sinkId, String host, int port, NetClientOptions options, Outbox outbox, Link link,
            Duration stallLimit) {
        this.vertx = vertx;
        this.sinkId = sinkId;
        this.host = host;
        this.port = port;
        this.options = options;
        this.outbox = outbox;
        this.link = link;
        this.stallLimit = stallLimit;
    }

    @Override
    public void start() {
        client = vertx.createNetClient(options);
        connect();
    }

    private void connect() {
        retryTimer = -1;
        if (stopped) return;
        client.connect(port, host).onComplete(ar -> {
            if (stopped) {
                if (ar.succeeded()) ar.result().close();
                return;
            }
            if (ar.failed()) {
                unreachable(describe(ar.cause()));
                return;
            }
            Connection c = new Connection(ar.result());
            c.socket.handler(b -> { }); // a collector has nothing to say; what it sends is ignored
            c.socket.exceptionHandler(err -> link.failed(describe(err)));
            c.socket.closeHandler(v -> closed(c));
            current = c;
            backoff.connected();
            if (outage) log.info("event=siem_reconnected sink={} to={}", sinkId, this);
            outage = false;
            drain();
        });
    }

    @Override
    public void drain() {
        Connection c = current;
        while (c != null && c.inFlight.size() < MAX_IN_FLIGHT && outbox.peek() != null) {
            AuditRecord r = outbox.poll();
            Buffer frame = link.encode(r);
            if (frame == null) continue;
            if (c.inFlight.isEmpty()) c.progressAt = System.nanoTime();
            c.inFlight.addLast(r);
            if (c.stallTimer == -1) watchForStall(c, stallLimit.toMillis());
            c.socket.write(frame).onComplete(ar -> written(c, ar));
        }
    }

    /** In {@code delayMs}, closes {@code c} if records are still in flight and none completed for the stall limit. */
    private void watchForStall(Connection c, long delayMs) {
        c.stallTimer = vertx.setTimer(Math.max(1, delayMs), id -> {
            c.stallTimer = -1;
            if (c != current || c.inFlight.isEmpty()) return; // the next write starts the watch again
            long idleMs = (System.nanoTime() - c.progressAt) / 1_000_000;
            if (idleMs < stallLimit.toMillis()) {
                watchForStall(c, stallLimit.toMillis() - idleMs);
                return;
            }
            broken(c, "the collector stopped reading: no write completed in " + idleMs / 1000 + " s with " + c.inFlight.size()
                    + " records in flight");
        });
    }

    private void written(Connection c, AsyncResult<Void> ar) {
        if (c != current) return; // closed meanwhile: its unfinished records are back in the outbox
        if (ar.failed()) {
            link.failed(describe(ar.cause()));
            c.socket.close();
            return;
        }
        c.progressAt = System.nanoTime();
        link.delivered(c.inFlight.pollFirst()); // writes on one socket complete in order
        drain();
    }

    private void closed(Connection c) {
        if (c != current) return;
        broken(c, "connection closed");
    }

    /** Ends {@code c}: its unfinished records go back to the head of the outbox, in order, and a reconnect is planned. */
    private void broken(Connection c, String why) {
        current = null;
        if (c.stallTimer != -1) vertx.cancelTimer(c.stallTimer);
        for (Iterator<AuditRecord> it = c.inFlight.descendingIterator(); it.hasNext(); ) outbox.putBack(it.next());
        c.inFlight.clear();
        c.socket.close(); // no-op when the socket closed itself; its close handler then finds c no longer current
        if (!stopped) unreachable(why);
    }

    private void unreachable(String why) {
        link.failed(why);
        if (!outage) log.warn("event=siem_unreachable sink={} to={} error=\"{}\" detail=\"retrying with back-off; events queue meanwhile\"",
                sinkId, this, why);
        outage = true;
        Duration delay = backoff.next();
        if (!stopped) retryTimer = vertx.setTimer(delay.toMillis(), id -> connect());
    }

    /** The failure and its root cause (a TLS failure says why only there: the name, the chain). */
    static String describe(Throwable err) {
        Throwable root = err;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String top = err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage();
        return root == err || root.getMessage() == null ? top : top + ": " + root.getMessage();
    }

    @Override
    public boolean connected() {
        return current != null;
    }

    @Override
    public int inFlight() {
        return current == null ? 0 : current.inFlight.size();
    }

    @Override
    public Future<Void> stop() {
        stopped = true;
        if (retryTimer != -1) vertx.cancelTimer(retryTimer);
        Connection c = current;
        current = null;
        if (c != null && c.stallTimer != -1) vertx.cancelTimer(c.stallTimer);
        Future<Void> closed = c == null ? Future.succeededFuture() : c.socket.close();
        return client == null ? closed : closed.eventually(() -> client.close());
    }

    @Override
    public String toString() {
        return (options.isSsl() ? "tls://" : "tcp://") + host + ":" + port;
    }
}
