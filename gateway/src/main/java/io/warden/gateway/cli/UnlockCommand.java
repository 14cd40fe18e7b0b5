package io.warden.gateway.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code warden unlock ID [--until TIME | --for DURATION]}: unlock, until further notice or until a time. */
@Command(name = "unlock", header = "Unlock a door, until further notice or until a time, as confirmed by the device.")
public final class UnlockCommand extends DoorActionCommand {
    private static final Pattern SHORT = Pattern.compile("(\\d+)([dhms])");

    @ArgGroup(exclusive = true)
    Until until;

    static final class Until {
        @Option(names = "--until", paramLabel = "TIME",
                description = "ISO-8601 time: 2025-05-01T15:30:00Z, with an offset, or local time 2025-05-01T15:30.")
        String at;

        @Option(names = "--for", paramLabel = "DURATION", description = "How long from now: 30m, 2h, 1h30m, 90s, or PT30M.")
        String duration;
    }

    @Override
    protected String action() {
        return "unlock";
    }

    @Override
    protected ObjectNode body(ObjectNode empty) {
        if (until == null) return empty;
        Instant now = Instant.now();
        Instant end = until.at != null ? parseTime(until.at) : now.plus(parseDuration(until.duration));
        if (!end.isAfter(now)) throw usage("the end of the unlock is in the past: " + end);
        empty.put("until", end.truncatedTo(ChronoUnit.SECONDS).toString());
        return empty;
    }

    private Instant parseTime(String s) {
        try {
            return ZonedDateTime.parse(s).toInstant();
        } catch (DateTimeException e) {
            try {
                return LocalDateTime.parse(s).atZone(ZoneId.systemDefault()).toInstant();
            } catch (DateTimeException e2) {
                throw usage("--until: not an ISO-8601 time: " + CliText.clean(s));
            }
        }
    }

    Duration parseDuration(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        Duration d = Duration.ZERO;
        try {
            if (t.startsWith("p")) {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            } else {
                Matcher m = SHORT.matcher(t);
                int end = 0;
                while (m.find() && m.start() == end) {
                    long n = Long.parseLong(m.group(1));
                    d = d.plus(n, unit(m.group(2)));
                    end = m.end();
                }
                if (end == 0 || end != t.length()) throw new DateTimeException("bad duration");
            }
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            throw usage("--for: expected a duration such as 30m, 2h, 1h30m or PT30M, got " + CliText.clean(s));
        }
        if (d.isNegative() || d.isZero()) throw usage("--for must be longer than zero");
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
