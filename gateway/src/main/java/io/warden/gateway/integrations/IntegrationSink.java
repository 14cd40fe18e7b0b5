package io.warden.gateway.integrations;

import io.vertx.core.Future;
import io.warden.gateway.audit.AuditRecord;

/**
 * One place events are forwarded to: the MQTT broker, a webhook endpoint, a SIEM collector. Every method
 * runs on the integrations' context (one thread at a time); a sink never blocks it.
 */
public interface IntegrationSink {
    /** {@code mqtt}, {@code webhook:<id>}, {@code siem:<id>}: the actor of the sink's own audit records, and its metrics tag. */
    String id();

    /** Starts connecting; succeeds even when the far end is away (the sink keeps trying, with back-off). */
    Future<Void> start();

    /**
     * A durable audit record, in seq order. The sink queues it in its {@link #outbox()} (or drops and counts
     * it when full) unless its filter leaves it out. Never called with the sink's own {@code integration.*} records.
     */
    void offer(AuditRecord record);

    /** Where undelivered records wait; its drops are audited by {@link Integrations}. */
    Outbox outbox();

    /** For /health and the metrics. */
    SinkStatus status();

    /** Stops sending; what is still queued is not delivered (it stays in the audit trail). */
    Future<Void> stop();

    /**
     * @param connected  whether the far end is reachable now (the last attempt reached it)
     * @param queued     records waiting
     * @param delivered  records the far end accepted since start
     * @param dropped    records never delivered since start (buffer full, or dead-lettered)
     * @param lastError  the last failure, without secrets, or null
     */
    record SinkStatus(String id, boolean connected, int queued, long delivered, long dropped, String lastError) {}
}
