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
 */
final class SiemStreamTransport implements SiemTransport {
    private static final Logger log = LoggerFactory.getLogger(SiemStreamTransport.class);
    static final int MAX_IN_FLIGHT = 64;
    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);
    /** A connection up this long ends an outage: the back-off starts again from {@link #FIRST_RETRY}. */
    static final Duration STABLE_AFTER = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final String sinkId;
    private final String host;
    private final int port;
    private final NetClientOptions options;
    private final Outbox outbox;
    private final Link link;
    private NetClient client;
    private Connection current;
    private long retryTimer = -1;
    private final ReconnectBackoff backoff = new ReconnectBackoff(FIRST_RETRY, MAX_RETRY, STABLE_AFTER);
    private boolean outage;
    private boolean stopped;

    /** One connection and the records written on it whose writes have not completed yet, oldest first. */
    private record Connection(NetSocket socket, ArrayDeque<AuditRecord> inFlight) {}

    SiemStreamTransport(Vertx vertx, String sinkId, String host, int port, NetClientOptions options, Outbox outbox, Link link) {
        this.vertx = vertx;
        this.sinkId = sinkId;
        this.host = host;
        this.port = port;
        this.options = options;
        this.outbox = outbox;
        this.link = link;
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
            Connection c = new Connection(ar.result(), new ArrayDeque<>());
            c.socket().handler(b -> { }); // a collector has nothing to say; what it sends is ignored
            c.socket().exceptionHandler(err -> link.failed(describe(err)));
            c.socket().closeHandler(v -> closed(c));
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
        while (c != null && c.inFlight().size() < MAX_IN_FLIGHT && outbox.peek() != null) {
            AuditRecord r = outbox.poll();
            Buffer frame = link.encode(r);
            if (frame == null) continue;
            c.inFlight().addLast(r);
            c.socket().write(frame).onComplete(ar -> written(c, ar));
        }
    }

    private void written(Connection c, AsyncResult<Void> ar) {
        if (c != current) return; // closed meanwhile: its unfinished records are back in the outbox
        if (ar.failed()) {
            link.failed(describe(ar.cause()));
            c.socket().close();
            return;
        }
        link.delivered(c.inFlight().pollFirst()); // writes on one socket complete in order
        drain();
    }

    private void closed(Connection c) {
        if (c != current) return;
        current = null;
        for (Iterator<AuditRecord> it = c.inFlight().descendingIterator(); it.hasNext(); ) outbox.putBack(it.next());
        c.inFlight().clear();
        if (!stopped) unreachable("connection closed");
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
        return current == null ? 0 : current.inFlight().size();
    }

    @Override
    public Future<Void> stop() {
        stopped = true;
        if (retryTimer != -1) vertx.cancelTimer(retryTimer);
        Connection c = current;
        current = null;
        Future<Void> closed = c == null ? Future.succeededFuture() : c.socket().close();
        return client == null ? closed : closed.eventually(() -> client.close());
    }

    @Override
    public String toString() {
        return (options.isSsl() ? "tls://" : "tcp://") + host + ":" + port;
    }
}
