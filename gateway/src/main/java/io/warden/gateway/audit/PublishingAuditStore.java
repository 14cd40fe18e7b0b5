package io.warden.gateway.audit;

import io.vertx.core.Future;
import io.warden.gateway.events.EventHub;

/**
 * The audit store everyone writes through: once a record is durable it goes to the live event
 * stream, so nothing reaches a subscriber that the trail does not hold.
 */
public final class PublishingAuditStore implements AuditStore {
    private final AuditStore store;
    private final EventHub hub;

    public PublishingAuditStore(AuditStore store, EventHub hub) {
        this.store = store;
        this.hub = hub;
    }

    @Override
    public Future<AuditRecord> append(AuditEntry entry) {
        return store.append(entry).onSuccess(hub::publish);
    }

    @Override
    public Future<AuditPage> query(AuditQuery query) {
        return store.query(query);
    }

    @Override
    public Future<AuditVerification> verify() {
        return store.verify();
    }

    @Override
    public Future<Long> lastSeq() {
        return store.lastSeq();
    }

    @Override
    public Future<Void> close() {
        return store.close();
    }
}
