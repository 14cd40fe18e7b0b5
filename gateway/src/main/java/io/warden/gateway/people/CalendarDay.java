package io.warden.gateway.people;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;

/**
 * A dated exception to the school week, from the district's calendar. Schedules say what each kind
 * means for them (closed on holidays and breaks, their early-release hours on early-release days).
 *
 * @param name for people, e.g. "Winter break"
 */
public record CalendarDay(LocalDate date, Kind kind, String name) {

    public enum Kind {
        HOLIDAY, BREAK, EARLY_RELEASE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses {@link #id()}; IllegalArgumentException naming the allowed values. */
        public static Kind parse(String s) {
            for (Kind k : values()) if (k.id().equals(s)) return k;
            throw new IllegalArgumentException("unknown day kind '" + s + "': must be holiday, break or early_release");
        }
    }

    public CalendarDay {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(kind, "kind");
        name = name == null ? kind.id() : name;
    }
}
