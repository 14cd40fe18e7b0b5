package io.warden.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CliTimesTest {
    // 2026-03-29 is the day Europe/Berlin moves to summer time at 02:00 (UTC+1 before, UTC+2 after)
    private final CliTimes berlin = new CliTimes(Clock.fixed(Instant.parse("2026-03-29T12:00:00Z"), ZoneId.of("Europe/Berlin")));

    @Test
    void rfc3339WithAnOffsetOrZ() {
        assertThat(berlin.parse("--from", "2026-05-01T10:02:00+02:00")).isEqualTo("2026-05-01T08:02:00Z");
        assertThat(berlin.parse("--from", "2026-05-01T10:02:00.250Z")).isEqualTo("2026-05-01T10:02:00.250Z");
        assertThat(berlin.parse("--from", "2026-05-01 10:02:00z")).isEqualTo("2026-05-01T10:02:00Z");
        assertThat(berlin.parse("--from", "2026-05-01T10:02:00-05:30")).isEqualTo("2026-05-01T15:32:00Z");
    }

    @Test
    void localTimesAreTodayOrYesterdayInTheClocksZone() {
        assertThat(berlin.parse("--from", "10:02")).isEqualTo("2026-03-29T08:02:00Z"); // summer time: UTC+2
        assertThat(berlin.parse("--to", "10:02:30")).isEqualTo("2026-03-29T08:02:30Z");
        assertThat(berlin.parse("--from", "yesterday 10:02")).isEqualTo("2026-03-28T09:02:00Z"); // winter time: UTC+1
        assertThat(berlin.parse("--from", "  Yesterday   9:05:07 ")).isEqualTo("2026-03-28T08:05:07Z");
        assertThat(berlin.parse("--from", "today 00:00")).isEqualTo("2026-03-28T23:00:00Z");
        assertThat(berlin.parse("--from", "2026-05-01T10:02")).isEqualTo("2026-05-01T08:02:00Z");
    }

    @Test
    void garbageIsAClearErrorNamingTheOption() {
        assertThatThrownBy(() -> berlin.parse("--from", "garbage")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--from: 'garbage' is not a time; use 2026-12-01T10:02 or 10:02").hasMessageContaining("Europe/Berlin");
        assertThatThrownBy(() -> berlin.parse("--to", "25:00")).hasMessageStartingWith("--to: '25:00' is not a time");
        assertThatThrownBy(() -> berlin.parse("--to", "10:61")).hasMessageContaining("is not a time");
        assertThatThrownBy(() -> berlin.parse("--to", "2026-02-30T10:00:00Z")).hasMessageContaining("is not a time");
        assertThatThrownBy(() -> berlin.parse("--from", "yesterday")).hasMessageContaining("needs a time of day")
                .hasMessageContaining("--from 'yesterday 10:02'");
        assertThatThrownBy(() -> berlin.parse("--from", "tomorrow 10:00")).hasMessageContaining("is not a time");
        assertThatThrownBy(() -> berlin.parse("--from", "10:02\u001b[2J")).hasMessageContaining("'10:02?[2J'");
    }

    @Test
    void aLocalTimeTheClocksSkipOrRepeatIsRefusedNotShifted() {
        // Berlin skips 02:00-03:00 on 2026-03-29 and has 02:00-03:00 twice on 2026-10-25
        assertThatThrownBy(() -> berlin.parse("--from", "02:30")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--from: '02:30' does not exist in Europe/Berlin (the clocks skip it); give an offset, e.g. 2026-03-29T02:30:00+01:00");
        assertThatThrownBy(() -> berlin.parse("--to", "2026-10-25T02:30")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--to: '2026-10-25T02:30' happens twice in Europe/Berlin (the clocks go back); give an offset, e.g. 2026-10-25T02:30:00+02:00");
        assertThat(berlin.parse("--to", "2026-10-25T02:30+01:00")).isEqualTo("2026-10-25T01:30:00Z");
        assertThat(berlin.parse("--from", "03:00")).isEqualTo("2026-03-29T01:00:00Z");
    }

    @Test
    void instantsInMessagesAreShownInTheLocalZone() {
        assertThat(berlin.show(Instant.parse("2026-03-29T08:02:00Z"))).isEqualTo("2026-03-29T10:02:00+02:00");
        assertThat(new CliTimes(Clock.systemUTC()).show(Instant.parse("2026-03-29T08:02:00Z"))).isEqualTo("2026-03-29T08:02:00Z");
    }

    @Test
    void lastDurations() {
        assertThat(CliTimes.duration("--last", "90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(CliTimes.duration("--last", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(CliTimes.duration("--last", "1H")).isEqualTo(Duration.ofHours(1));
        assertThat(CliTimes.duration("--last", "1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThatThrownBy(() -> CliTimes.duration("--last", "2")).hasMessageContaining("is not a duration; use 90s");
        assertThatThrownBy(() -> CliTimes.duration("--last", "2 m")).hasMessageContaining("is not a duration; use 90s");
        assertThatThrownBy(() -> CliTimes.duration("--last", "-2m")).hasMessageContaining("is not a duration; use 90s");
        assertThat(CliTimes.duration("--for", "1d")).isEqualTo(Duration.ofDays(1));
        assertThat(CliTimes.duration("--for", "pt30m")).isEqualTo(Duration.ofMinutes(30));
        assertThatThrownBy(() -> CliTimes.duration("--last", "0m")).hasMessage("--last must be longer than zero");
    }
}
