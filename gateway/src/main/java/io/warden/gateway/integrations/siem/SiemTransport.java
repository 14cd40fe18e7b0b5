package io.warden.gateway.integrations.siem;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.warden.gateway.audit.AuditRecord;

/**
 * Moves a SIEM sink's queued records to its collector, oldest first: {@link SiemStreamTransport} (TCP or TLS,
 * octet counting) or {@link SiemDatagramTransport} (UDP). Every method runs on the sink's context and never blocks.
 */
interface SiemTransport {
    /** What a transport needs of its sink. */
    interface Link {
        /** The record as the bytes to send (framed for the transport), or null when it cannot be formatted (then dropped). */
        Buffer encode(AuditRecord r);

        /** The collector took {@code r} as far as the transport can tell (TCP: written; UDP: sent). */
        void delivered(AuditRecord r);

        /** Something went wrong; {@code why} names it without secrets. */
        void failed(String why);
    }

    /** Starts connecting; a collector that is away is retried, never a failure. */
    void start();

    /** Sends what the outbox holds, as far as the connection allows; called after each offer. */
    void drain();

    /** Whether the last attempt reached the collector (UDP: the socket is open; no datagram is ever acknowledged). */
    boolean connected();

    /** Records taken from the outbox and not yet delivered. */
    int inFlight();

    Future<Void> stop();
}
