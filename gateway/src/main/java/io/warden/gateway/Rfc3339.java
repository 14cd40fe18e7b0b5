package io.warden.gateway;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * RFC 3339 date-times, the one parser for every time the API takes ({@code from}, {@code to},
 * {@code until}) and for the CLI's times with an offset: any offset ({@code Z}, {@code +01:00},
 * {@code -05:00}), lower-case {@code t} and {@code z}, a space for the {@code T} (RFC 3339 section 5.6
 * allows it), fractional seconds. Seconds may be left out ({@code 2026-12-01T10:02Z}).
 */
public final class Rfc3339 {
    /** What the error messages show as accepted. */
    public static final String EXAMPLES = "2026-12-01T10:02:00Z or 2026-12-01T10:02:00-05:00";
    private static final Pattern SPACE_FOR_T = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}) ");
    // In a query string an unencoded '+' arrives as a space: "10:02:00 01:00" was "10:02:00+01:00".
    private static final Pattern PLUS_AS_SPACE = Pattern.compile(" (\\d{2}:\\d{2})$");

    private Rfc3339() {}

    /**
     * The instant of {@code text}.
     *
     * @throws DateTimeException when it is not an RFC 3339 date-time with an offset
     */
    public static Instant parse(String text) {
        return OffsetDateTime.parse(normalize(text)).toInstant();
    }

    /** Upper case, the date and time joined by T, a '+' that a query string turned into a space restored. */
    static String normalize(String text) {
        String s = text.strip().toUpperCase(Locale.ROOT);
        s = SPACE_FOR_T.matcher(s).replaceFirst("$1T");
        return PLUS_AS_SPACE.matcher(s).replaceFirst("+$1");
    }
}
