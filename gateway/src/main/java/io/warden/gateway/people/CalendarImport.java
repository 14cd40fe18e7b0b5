package io.warden.gateway.people;

import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.Recur;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Categories;
import net.fortuna.ical4j.model.property.DateProperty;
import net.fortuna.ical4j.model.property.ExDate;
import net.fortuna.ical4j.model.property.RRule;
import net.fortuna.ical4j.transform.recurrence.Frequency;

/**
 * Reads the school calendar's exceptions (holidays, breaks, early-release days) from a district's
 * iCalendar ({@code .ics}) file with ical4j. Only all-day events count (DATE values; DTEND is
 * exclusive, a multi-day event gives one day per date); each is classified by its CATEGORIES
 * ({@code HOLIDAY}, {@code BREAK}, {@code EARLY_RELEASE} or {@code EARLY-RELEASE}) or, failing that,
 * by words in its SUMMARY. Yearly and weekly RRULEs are expanded to at most two years after the
 * event's first date, EXDATEs removed. Everything else (timed events, other kinds, cancelled ones) is
 * listed in {@link Result#skipped} with the reason, so a district sees what was not taken.
 *
 * <p>Offline: ical4j is configured by {@code ical4j.properties} on the classpath never to fetch time
 * zone definitions ({@code net.fortuna.ical4j.timezone.update.enabled=false}). Pure CPU work on the
 * bytes given: call it off the event loop for a large file.
 */
public final class CalendarImport {
    /** Longest single event taken (a summer break fits); longer is surely a mistake in the file. */
    private static final int MAX_EVENT_DAYS = 120;
    private static final Period RECURRENCE_REACH = Period.ofYears(2);
    private static final Pattern EARLY = words("early release", "early dismissal", "half day", "minimum day");
    private static final Pattern BREAK = words("break", "recess", "vacation");
    private static final Pattern HOLIDAY = words("holiday", "no school", "closed");

    private CalendarImport() {}

    /**
     * @param days    the exceptions found, one per date (a multi-day break is one per day), by date
     * @param skipped the events that are not exceptions, each as "SUMMARY (date): why"
     */
    public record Result(List<CalendarDay> days, List<String> skipped) {}

    /**
     * Parses {@code ics}; WardenException BAD_REQUEST naming the line when it is not iCalendar. Two
     * events on one date: a holiday beats a break, which beats an early release; the other is skipped.
     */
    public static Result parse(byte[] ics) {
        Calendar calendar = build(ics);
        Map<LocalDate, CalendarDay> days = new TreeMap<>();
        List<String> skipped = new ArrayList<>();
        for (VEvent e : calendar.<VEvent>getComponents(Component.VEVENT)) event(e, days, skipped);
        return new Result(List.copyOf(days.values()), List.copyOf(skipped));
    }

    private static Calendar build(byte[] ics) {
        int bom = ics.length >= 3 && (ics[0] & 0xff) == 0xef && (ics[1] & 0xff) == 0xbb && (ics[2] & 0xff) == 0xbf ? 3 : 0;
        try {
            return new CalendarBuilder().build(new ByteArrayInputStream(ics, bom, ics.length - bom));
        } catch (ParserException e) {
            String why = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
            why = firstLine(why).replaceFirst("^Error at line \\d+:\\s*", ""); // the line is said once
            throw new WardenException(ErrorCode.BAD_REQUEST, "not an iCalendar file: line " + e.getLineNo() + ": " + why);
        } catch (IOException | RuntimeException e) { // ical4j reports some malformed values as runtime exceptions
            throw new WardenException(ErrorCode.BAD_REQUEST, "not an iCalendar file: " + firstLine(e.getMessage()));
        }
    }

    private static void event(VEvent e, Map<LocalDate, CalendarDay> days, List<String> skipped) {
        String summary = e.<Property>getProperty(Property.SUMMARY).map(Property::getValue).map(String::strip).orElse("(no summary)");
        Optional<DateProperty<Temporal>> start = e.getProperty(Property.DTSTART);
        if (start.isEmpty() || start.get().getDate() == null) {
            skipped.add(summary + " (no date): no DTSTART");
            return;
        }
        Temporal first = start.get().getDate();
        if (!(first instanceof LocalDate firstDate)) {
            skipped.add(summary + " (" + shown(first) + "): not an all-day event");
            return;
        }
        String at = summary + " (" + firstDate + ")";
        if (e.getProperty(Property.RECURRENCE_ID).isPresent()) {
            skipped.add(at + ": changes one occurrence of a repeating event, which is not read");
            return;
        }
        if (e.<Property>getProperty(Property.STATUS).map(Property::getValue).filter("CANCELLED"::equalsIgnoreCase).isPresent()) {
            skipped.add(at + ": cancelled");
            return;
        }
        CalendarDay.Kind kind = kind(e, summary);
        if (kind == null) {
            skipped.add(at + ": neither its CATEGORIES nor its SUMMARY say holiday, break or early release");
            return;
        }
        long length = length(e, firstDate);
        if (length > MAX_EVENT_DAYS) {
            skipped.add(at + ": lasts " + length + " days, more than " + MAX_EVENT_DAYS);
            return;
        }
        List<LocalDate> starts = occurrences(e, firstDate, at, skipped);
        for (LocalDate s : starts) {
            for (long d = 0; d < length; d++) put(days, new CalendarDay(s.plusDays(d), kind, summary), skipped);
        }
    }

    /** DTEND (exclusive), else DURATION, else one day; at least one. */
    private static long length(VEvent e, LocalDate first) {
        Optional<DateProperty<Temporal>> end = e.getProperty(Property.DTEND);
        if (end.isPresent() && end.get().getDate() instanceof LocalDate last) return Math.max(1, ChronoUnit.DAYS.between(first, last));
        Optional<net.fortuna.ical4j.model.property.Duration> duration = e.getProperty(Property.DURATION);
        if (duration.isPresent()) {
            TemporalAmount amount = duration.get().getDuration();
            return Math.max(1, ChronoUnit.DAYS.between(first, first.plus(amount)));
        }
        return 1;
    }

    /** The first date, or every date of a yearly or weekly RRULE within two years, without EXDATEs. */
    private static List<LocalDate> occurrences(VEvent e, LocalDate first, String at, List<String> skipped) {
        Optional<RRule<LocalDate>> rule = e.getProperty(Property.RRULE);
        if (rule.isEmpty()) return List.of(first);
        Recur<LocalDate> recur = rule.get().getRecur();
        if (recur.getFrequency() != Frequency.YEARLY && recur.getFrequency() != Frequency.WEEKLY) {
            skipped.add(at + ": repeats " + recur.getFrequency() + "; only yearly and weekly repeats are read, so only its first date is taken");
            return List.of(first);
        }
        Set<LocalDate> excluded = new HashSet<>();
        for (ExDate<?> x : e.<ExDate<?>>getProperties(Property.EXDATE)) {
            for (Temporal t : x.getDates()) if (t instanceof LocalDate d) excluded.add(d);
        }
        List<LocalDate> out = new ArrayList<>();
        for (LocalDate d : recur.getDates(first, first, first.plus(RECURRENCE_REACH))) {
            if (!excluded.contains(d) && d.isBefore(first.plus(RECURRENCE_REACH))) out.add(d);
        }
        return out;
    }

    private static CalendarDay.Kind kind(VEvent e, String summary) {
        for (Categories c : e.<Categories>getProperties(Property.CATEGORIES)) {
            for (String text : c.getCategories().getTexts()) {
                String k = text.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
                for (CalendarDay.Kind kind : CalendarDay.Kind.values()) if (kind.name().equals(k)) return kind;
            }
        }
        if (EARLY.matcher(summary).find()) return CalendarDay.Kind.EARLY_RELEASE;
        if (BREAK.matcher(summary).find()) return CalendarDay.Kind.BREAK;
        if (HOLIDAY.matcher(summary).find()) return CalendarDay.Kind.HOLIDAY;
        return null;
    }

    /** Keeps the stronger of two events on one date (holiday, then break, then early release). */
    private static void put(Map<LocalDate, CalendarDay> days, CalendarDay day, List<String> skipped) {
        CalendarDay had = days.get(day.date());
        if (had == null || day.kind().ordinal() < had.kind().ordinal()) {
            days.put(day.date(), day);
            if (had != null) skipped.add(had.name() + " (" + had.date() + "): the day is " + day.kind().id() + " (" + day.name() + ")");
        } else if (!had.equals(day)) {
            skipped.add(day.name() + " (" + day.date() + "): the day is " + had.kind().id() + " (" + had.name() + ")");
        }
    }

    /** A date-time as the file wrote it, without zone ids (ical4j names zones of the file's VTIMEZONEs with generated ids). */
    private static String shown(Temporal t) {
        if (t instanceof ZonedDateTime z) return z.toLocalDateTime().toString();
        if (t instanceof OffsetDateTime o) return o.toLocalDateTime() + (o.getOffset().getTotalSeconds() == 0 ? "Z" : o.getOffset().toString());
        return t.toString();
    }

    private static Pattern words(String... phrases) {
        return Pattern.compile("\\b(" + String.join("|", Arrays.stream(phrases).map(p -> p.replace(" ", "[\\s-]+")).toList()) + ")\\b",
                Pattern.CASE_INSENSITIVE);
    }

    private static String firstLine(String s) {
        if (s == null) return "unreadable";
        String line = s.strip().lines().findFirst().orElse("unreadable");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
