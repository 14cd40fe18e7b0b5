package io.warden.gateway.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {
    private static final Duration FIRST = Duration.ofMillis(400);
    private static final Duration MAX = Duration.ofMillis(3_200);

    @Test
    void waitsDoubleUpToTheCapEachWithAtMostAQuarterTakenOff() {
        ReconnectBackoff b = new ReconnectBackoff(FIRST, MAX, Duration.ofHours(1));
        long[] bases = {400, 800, 1_600, 3_200, 3_200, 3_200};
        for (long base : bases) {
            assertThat(b.next().toMillis()).isBetween(base - base / 4, base);
        }
        assertThat(b.failures()).isEqualTo(bases.length);
    }

    @Test
    void connectionsThatDropAtOnceKeepTheWaitGrowing() {
        ReconnectBackoff b = new ReconnectBackoff(FIRST, MAX, Duration.ofHours(1));
        b.next();
        for (int i = 0; i < 3; i++) {
            b.connected(); // accepted, then dropped at once (e.g. a retained message too large to decode)
            b.next();
        }
        assertThat(b.failures()).isEqualTo(4);
        b.connected();
        assertThat(b.next().toMillis()).as("the fifth wait: capped, not back to the first").isBetween(2_400L, 3_200L);
    }

    @Test
    void aConnectionThatStayedUpEndsTheOutage() {
        ReconnectBackoff b = new ReconnectBackoff(FIRST, MAX, Duration.ZERO);
        b.next();
        b.next();
        b.connected();
        assertThat(b.next().toMillis()).as("the first wait of a new outage").isBetween(300L, 400L);
        assertThat(b.failures()).isEqualTo(1);
    }
}
