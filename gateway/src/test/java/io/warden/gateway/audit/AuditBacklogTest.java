package io.warden.gateway.audit;

import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.warden.gateway.testing.InMemoryAuditStore;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Records nobody waits for reach the trail once the store accepts them again, in the order they were appended. */
class AuditBacklogTest {
    private final Vertx vertx = Vertx.vertx();
    private final InMemoryAuditStore store = new InMemoryAuditStore();

    @AfterEach
    void close() {
        vertx.close();
    }

    private static AuditEntry entry(int i) {
        return new AuditEntry(Instant.parse("2026-12-01T16:00:00Z").plusSeconds(i), "access.granted", "p-" + i, null, null, null, "gym",
                null, null, "card", "granted", "record " + i);
    }

    @Test
    void aRecordTheStoreRefusesIsKeptAndLandsInOrderOnceTheStoreAccepts() {
        AuditBacklog backlog = new AuditBacklog(vertx, store);
        backlog.append(entry(0)); // accepted at once
        store.failAppends("disk full");
        IntStream.rangeClosed(1, 3).forEach(i -> backlog.append(entry(i)));
        assertThat(backlog.pending()).isEqualTo(3);
        assertThat(store.records()).hasSize(1);
        store.failAppends(null);
        backlog.append(entry(4)); // queued behind the refused ones, not ahead of them
        until(() -> backlog.pending() == 0, "the backlog to drain");
        assertThat(store.records()).extracting(r -> r.entry().detail())
                .containsExactly("record 0", "record 1", "record 2", "record 3", "record 4");
    }

    @Test
    void beyondItsCapacityARecordIsNotQueued() {
        AuditBacklog backlog = new AuditBacklog(vertx, store, 2);
        store.failAppends("disk full");
        IntStream.rangeClosed(1, 3).forEach(i -> backlog.append(entry(i)));
        assertThat(backlog.pending()).isEqualTo(2);
        store.failAppends(null);
        until(() -> backlog.pending() == 0, "the backlog to drain");
        assertThat(store.records()).extracting(r -> r.entry().detail()).containsExactly("record 1", "record 2");
    }
}
