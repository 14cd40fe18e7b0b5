package io.warden.gateway.integrations.siem;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.integrations.Outbox;

/**
 * Syslog over UDP (RFC 5426): one message per datagram, one send at a time. UDP has no acknowledgement: a record
 * counts as delivered once the datagram is sent, and a datagram lost on the way (collector down, full buffer,
 * network) is lost without anyone knowing. Use TCP or TLS where every event matters. A send that fails locally
 * (no route, too large) drops the record: it is counted and audited, and the queue moves on.
 */
final class SiemDatagramTransport implements SiemTransport {
    private final Vertx vertx;
    private final String host;
    private final int port;
    private final Outbox outbox;
    private final Link link;
    private DatagramSocket socket;
    private AuditRecord sending;

    SiemDatagramTransport(Vertx vertx, String host, int port, Outbox outbox, Link link) {
        this.vertx = vertx;
        this.host = host;
        this.port = port;
        this.outbox = outbox;
        this.link = link;
    }

    @Override
    public void start() {
        socket = vertx.createDatagramSocket(new DatagramSocketOptions());
        drain();
    }

    @Override
    public void drain() {
        while (socket != null && sending == null && outbox.peek() != null) {
            AuditRecord r = outbox.poll();
            Buffer message = link.encode(r);
            if (message == null) continue;
            sending = r;
            socket.send(message, port, host).onComplete(ar -> {
                sending = null;
                if (ar.succeeded()) {
                    link.delivered(r);
                } else {
                    outbox.drop(r);
                    link.failed("udp send to " + host + ":" + port + " failed: " + ar.cause().getMessage());
                }
                drain();
            });
        }
    }

    @Override
    public boolean connected() {
        return socket != null;
    }

    @Override
    public int inFlight() {
        return sending == null ? 0 : 1;
    }

    @Override
    public Future<Void> stop() {
        DatagramSocket s = socket;
        socket = null;
        return s == null ? Future.succeededFuture() : s.close();
    }
}
