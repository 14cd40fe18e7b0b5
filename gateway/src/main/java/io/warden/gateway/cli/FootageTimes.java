package io.warden.gateway.cli;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The times of {@code warden footage request}: RFC 3339 with an offset ({@code 2026-05-01T10:02:00Z},
 * {@code 2026-05-01T10:02:00+02:00}); a date and time without offset, {@code HH:MM[:SS]} (today) or
 * {@code yesterday HH:MM[:SS]}, all in the zone of {@code clock}; and {@code --last} durations
 * ({@code 90s}, {@code 2m}, {@code 1h}, {@code 1h30m}). Errors are {@link IllegalArgumentException}s whose
 * message names the option and shows what is accepted.
 */
final class FootageTimes {
    static final String FORMATS = "RFC 3339 (2026-05-01T10:02:00Z, 2026-05-01T10:02:00+02:00), or local time: "
            + "HH:MM[:SS] today, 'yesterday HH:MM[:SS]', 2026-05-01T10:02";
    private static final Pattern DAY_TIME = Pattern.compile("(?:(today|yesterday)\\s+)?(\\d{1,2}:\\d{2}(?::\\d{2})?)");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([hms])");
    private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("H:mm[:ss]", Locale.ROOT);

    private final Clock clock;

    /** @param clock now and the local zone (the machine's in the CLI) */
    FootageTimes(Clock clock) {
        this.clock = clock;
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
                return LocalDateTime.of(day, LocalTime.parse(m.group(2), TIME_OF_DAY)).atZone(clock.getZone()).toInstant();
            }
            if (lower.equals("today") || lower.equals("yesterday")) {
                throw new IllegalArgumentException(option + ": '" + lower + "' needs a time of day, quoted: " + option + " '" + lower + " 10:02'");
            }
            // RFC 3339 allows a space for the T and lower-case t and z
            String iso = s.toUpperCase(Locale.ROOT).replaceFirst("^(\\d{4}-\\d{2}-\\d{2}) ", "$1T");
            try {
                return OffsetDateTime.parse(iso).toInstant();
            } catch (DateTimeException noOffset) {
                return LocalDateTime.parse(iso).atZone(clock.getZone()).toInstant();
            }
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(option + ": not a time: '" + CliText.clean(text) + "'; expected " + FORMATS
                    + " (local zone " + clock.getZone() + ")");
        }
    }

    /** A {@code --last} duration: {@code 90s}, {@code 2m}, {@code 1h}, {@code 1h30m}; longer than zero. */
    static Duration parseLast(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(t);
        Duration d = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            d = d.plus(Long.parseLong(m.group(1)), unit(m.group(2)));
            end = m.end();
        }
        if (end == 0 || end != t.length()) {
            throw new IllegalArgumentException("--last: expected a duration such as 90s, 2m, 1h or 1h30m, got '" + CliText.clean(text) + "'");
        }
        if (d.isZero()) throw new IllegalArgumentException("--last must be longer than zero");
        return d;
    }

    private static ChronoUnit unit(String unit) {
        switch (unit) {
            case "h": return ChronoUnit.HOURS;
            case "m": return ChronoUnit.MINUTES;
            default: return ChronoUnit.SECONDS;
        }
    }
}
