package io.warden.gateway.cli;

import io.warden.gateway.Rfc3339;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The times of every CLI option that takes one ({@code --from}, {@code --to}, {@code --until}): RFC 3339
 * with any offset (the API's own parser, {@link Rfc3339}); or a local time in the zone of {@code clock}:
 * a date and time without offset, {@code HH:MM[:SS]} (today) or {@code yesterday HH:MM[:SS]}. And the
 * durations ({@code --last}, {@code --for}): {@code 90s}, {@code 2m}, {@code 1h30m}, {@code 1d}, or ISO
 * {@code PT30M}. Errors are {@link IllegalArgumentException}s whose message names the option and shows
 * what is accepted.
 */
final class CliTimes {
    /** For option help. */
    static final String FORMATS = "a local time: 10:02[:SS] today, 'yesterday 10:02', 2026-12-01T10:02; or RFC 3339 with an "
            + "offset: 2026-12-01T10:02:00Z, 2026-12-01T10:02:00-05:00";
    static final String DURATIONS = "90s, 2m, 1h, 1h30m, 1d or PT30M";
    private static final Pattern DAY_TIME = Pattern.compile("(?:(today|yesterday)\\s+)?(\\d{1,2}:\\d{2}(?::\\d{2})?)");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([dhms])");
    private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("H:mm[:ss]", Locale.ROOT);

    private final Clock clock;

    /** @param clock now and the local zone (the machine's in the CLI) */
    CliTimes(Clock clock) {
        this.clock = clock;
    }

    /** The machine's clock and zone. */
    static CliTimes local() {
        return new CliTimes(Clock.systemDefaultZone());
    }

    Instant now() {
        return clock.instant();
    }

    /** A point in time given to {@code option} (e.g. "--from"). */
    Instant parse(String option, String text) {
        String s = text.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        Matcher m = DAY_TIME.matcher(lower);
        try {
            if (m.matches()) {
                LocalDate day = LocalDate.now(clock);
                if ("yesterday".equals(m.group(1))) day = day.minusDays(1);
                return local(option, text, LocalDateTime.of(day, LocalTime.parse(m.group(2), TIME_OF_DAY)));
            }
            if (lower.equals("today") || lower.equals("yesterday")) {
                throw new IllegalArgumentException(option + ": '" + lower + "' needs a time of day, quoted: " + option + " '" + lower + " 10:02'");
            }
            try {
                return Rfc3339.parse(s);
            } catch (DateTimeException noOffset) {
                return local(option, text, LocalDateTime.parse(s.toUpperCase(Locale.ROOT).replaceFirst("^(\\d{4}-\\d{2}-\\d{2}) ", "$1T")));
            }
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(option + ": '" + CliText.clean(text) + "' is not a time; use 2026-12-01T10:02 or 10:02 "
                    + "(local, " + clock.getZone() + ") or 2026-12-01T10:02:00-05:00");
        }
    }

    /**
     * {@code t} in the clock's zone. A wall-clock time the zone skips (clocks go forward) or has twice
     * (clocks go back) is refused: guessing would move an audit window or a relock by an hour unseen.
     */
    private Instant local(String option, String text, LocalDateTime t) {
        List<ZoneOffset> offsets = clock.getZone().getRules().getValidOffsets(t);
        if (offsets.size() == 1) return t.atOffset(offsets.get(0)).toInstant();
        String why = offsets.isEmpty() ? "does not exist in " + clock.getZone() + " (the clocks skip it)"
                : "happens twice in " + clock.getZone() + " (the clocks go back)";
        throw new IllegalArgumentException(option + ": '" + CliText.clean(text) + "' " + why + "; give an offset, e.g. "
                + t.atOffset(offsets.isEmpty() ? clock.getZone().getRules().getOffset(t) : offsets.get(0))
                        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    }

    /** {@code t} as people here read it, for messages: the clock's zone, with its offset ({@code 2026-12-01T10:02:00-05:00}). */
    String show(Instant t) {
        return t.atZone(clock.getZone()).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** A duration given to {@code option}: {@value #DURATIONS}; longer than zero. */
    static Duration duration(String option, String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Duration d = Duration.ZERO;
        try {
            if (t.startsWith("p")) {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            } else {
                Matcher m = DURATION.matcher(t);
                int end = 0;
                while (m.find() && m.start() == end) {
                    d = d.plus(Long.parseLong(m.group(1)), unit(m.group(2)));
                    end = m.end();
                }
                if (end == 0 || end != t.length()) throw new DateTimeException("not a duration");
            }
        } catch (DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException(option + ": '" + CliText.clean(text) + "' is not a duration; use " + DURATIONS);
        }
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(option + " must be longer than zero");
        return d;
    }

    private static ChronoUnit unit(String unit) {
        switch (unit) {
            case "d": return ChronoUnit.DAYS;
            case "h": return ChronoUnit.HOURS;
            case "m": return ChronoUnit.MINUTES;
            default: return ChronoUnit.SECONDS;
        }
    }
}
