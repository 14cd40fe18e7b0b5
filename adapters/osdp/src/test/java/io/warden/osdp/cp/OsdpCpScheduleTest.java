package io.warden.osdp.cp;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The start-up back-off: probeInterval doubled per failed start-up, five times at most, never past 30 s. */
class OsdpCpScheduleTest {

    private static List<Long> backoffs(Duration probeInterval, int failures) {
        OsdpCpSchedule s = new OsdpCpSchedule(List.of(), new OsdpCpStartup(new SecureRandom()),
                OsdpCpOptions.DEFAULTS.withProbeInterval(probeInterval));
        return IntStream.rangeClosed(1, failures).mapToObj(s::backoffMillis).toList();
    }

    @Test
    void shortProbeIntervalDoublesFiveTimesThenStays() {
        assertThat(backoffs(Duration.ofMillis(300), 8)).containsExactly(300L, 600L, 1200L, 2400L, 4800L, 9600L, 9600L, 9600L);
    }

    @Test
    void defaultProbeIntervalStopsAtThirtySeconds() {
        assertThat(backoffs(Duration.ofSeconds(1), 8)).containsExactly(1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L);
    }

    @Test
    void probeIntervalLongerThanThirtySecondsIsNeverShortened() {
        assertThat(backoffs(Duration.ofSeconds(60), 3)).containsExactly(60000L, 60000L, 60000L);
    }

    @Test
    void manyFailuresDoNotOverflow() {
        assertThat(backoffs(Duration.ofSeconds(1), 200)).last().isEqualTo(30000L);
    }
}
