package io.warden.gateway.footage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

/** Replay sessions per recorder: at most N at once, waiters served in order, a permit released once. */
class RecorderSessionsTest {
    @Test
    void atMostNPerRecorderAndWaitersInOrder() {
        RecorderSessions s = new RecorderSessions(2);
        Future<RecorderSessions.Permit> a = s.acquire("nvr-1");
        Future<RecorderSessions.Permit> b = s.acquire("nvr-1");
        Future<RecorderSessions.Permit> c = s.acquire("nvr-1");
        Future<RecorderSessions.Permit> d = s.acquire("nvr-1");
        Future<RecorderSessions.Permit> other = s.acquire("cam-2");
        assertThat(a.succeeded()).isTrue();
        assertThat(b.succeeded()).isTrue();
        assertThat(c.isComplete()).isFalse();
        assertThat(d.isComplete()).isFalse();
        assertThat(other.succeeded()).as("another recorder has its own slots").isTrue();
        a.result().release();
        a.result().release(); // twice: no second slot freed
        assertThat(c.succeeded()).isTrue();
        assertThat(d.isComplete()).isFalse();
        assertThat(s.inUse("nvr-1")).isEqualTo(2);
        b.result().release();
        assertThat(d.succeeded()).isTrue();
        c.result().release();
        d.result().release();
        assertThat(s.inUse("nvr-1")).isZero();
    }
}
