package io.warden.gateway.access;

import io.warden.gateway.people.CalendarDay;
import io.warden.gateway.people.Directory;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Hours on the wall clock of a site, per weekday, with the school calendar's exceptions: closed all
 * day on the calendar kinds in {@code closedOn}, other hours on early-release days.
 *
 * <p>Daylight saving. A day's window {@code [from, to)} is open from the first instant the wall clock
 * reads {@code from} or later on that date, to the first instant it reads {@code to} or later (24:00:
 * the next day's start). So a window reaching into the hour skipped in spring opens at the end of the
 * gap and is simply shorter; a window in the hour repeated in the fall ends the first time the clock
 * reaches {@code to} and is not opened again when the clock reads its hours a second time; a window
 * wholly inside the skipped hour never opens. {@link #isOpen} and {@link #nextChange} agree on this.
 */
final class WeeklySchedule implements Schedule {
    private static final int DAY_MINUTES = 24 * 60;
    private static final int LOOK_AHEAD_DAYS = 400;

    /** Minutes of the day, {@code [from, to)}, to up to 1440. */
    record Window(int from, int to) {}

    private record Interval(Instant start, Instant end) {}

    private final String id;
    private final Map<DayOfWeek, List<Window>> week;
    private final List<Window> earlyRelease; // null: the usual hours
    private final Set<CalendarDay.Kind> closedOn;

    WeeklySchedule(String id, Map<DayOfWeek, List<Window>> week, List<Window> earlyRelease, Set<CalendarDay.Kind> closedOn) {
        this.id = id;
        Map<DayOfWeek, List<Window>> w = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) w.put(d, merge(week.getOrDefault(d, List.of())));
        this.week = w;
        this.earlyRelease = earlyRelease == null ? null : merge(earlyRelease);
        this.closedOn = Set.copyOf(closedOn);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean isOpen(Instant at, ZoneId zone, Directory calendar) {
        LocalDate date = LocalDateTime.ofInstant(at, zone).toLocalDate();
        for (Interval i : intervals(date, zone, calendar)) {
            if (!at.isBefore(i.start()) && at.isBefore(i.end())) return true;
        }
        return false;
    }

    @Override
    public Optional<Instant> nextChange(Instant after, ZoneId zone, Directory calendar) {
        LocalDate first = LocalDateTime.ofInstant(after, zone).toLocalDate();
        Instant limit = after.plus(Duration.ofDays(LOOK_AHEAD_DAYS));
        boolean open = isOpen(after, zone, calendar);
        Instant openUntil = null; // while open: the end of the run of touching intervals seen so far
        for (int n = 0; n <= LOOK_AHEAD_DAYS; n++) {
            for (Interval i : intervals(first.plusDays(n), zone, calendar)) {
                if (!i.end().isAfter(after)) continue;
                if (!open) return within(i.start(), limit); // closed at `after`: the first interval still ahead opens it
                if (openUntil == null) {
                    openUntil = i.end(); // the interval holding `after`
                } else if (i.start().isAfter(openUntil)) {
                    return within(openUntil, limit);
                } else if (i.end().isAfter(openUntil)) {
                    openUntil = i.end(); // starts where the last ended (24:00 then 00:00): no change
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Instant> within(Instant change, Instant limit) {
        return change.isAfter(limit) ? Optional.empty() : Optional.of(change);
    }

    /** The date's open instants, in order, without empty ones (a window inside a skipped hour). */
    private List<Interval> intervals(LocalDate date, ZoneId zone, Directory calendar) {
        List<Interval> out = new ArrayList<>();
        for (Window w : windows(date, calendar)) {
            Instant start = firstAtOrAfter(date, w.from(), zone);
            Instant end = firstAtOrAfter(date, w.to(), zone);
            if (end.isAfter(start)) out.add(new Interval(start, end));
        }
        return out;
    }

    /** The date's hours, as the calendar makes them. */
    private List<Window> windows(LocalDate date, Directory calendar) {
        Optional<CalendarDay> day = calendar == null ? Optional.empty() : calendar.day(date);
        if (day.isPresent()) {
            CalendarDay.Kind kind = day.get().kind();
            if (closedOn.contains(kind)) return List.of();
            if (kind == CalendarDay.Kind.EARLY_RELEASE && earlyRelease != null) return earlyRelease;
        }
        return week.get(date.getDayOfWeek());
    }

    /** The first instant at which the wall clock in {@code zone} reads {@code minute} of {@code date} or later. */
    private static Instant firstAtOrAfter(LocalDate date, int minute, ZoneId zone) {
        if (minute >= DAY_MINUTES) return date.plusDays(1).atStartOfDay(zone).toInstant();
        LocalDateTime local = date.atTime(LocalTime.of(minute / 60, minute % 60));
        ZoneRules rules = zone.getRules();
        var offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) { // in a gap: the clock jumps past this reading, so the gap's end
            ZoneOffsetTransition gap = rules.getTransition(local);
            return gap.getInstant();
        }
        return local.toInstant(offsets.get(0)); // in an overlap, the earlier of the two readings
    }

    /** Sorted, with overlapping or touching windows joined. */
    private static List<Window> merge(List<Window> windows) {
        List<Window> sorted = new ArrayList<>(windows);
        sorted.sort((a, b) -> Integer.compare(a.from(), b.from()));
        List<Window> out = new ArrayList<>();
        for (Window w : sorted) {
            if (!out.isEmpty() && w.from() <= out.get(out.size() - 1).to()) {
                Window last = out.remove(out.size() - 1);
                out.add(new Window(last.from(), Math.max(last.to(), w.to())));
            } else {
                out.add(w);
            }
        }
        return List.copyOf(out);
    }
}
