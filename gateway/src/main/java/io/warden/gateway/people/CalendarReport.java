package io.warden.gateway.people;

import java.util.List;

/**
 * What a calendar import found and did.
 *
 * @param days     the exceptions the file holds, by date
 * @param skipped  events that are not school-day exceptions (a concert, a board meeting), by summary, with why
 * @param added    dates new to the calendar
 * @param removed  dates no longer in it
 * @param applied  true when written
 */
public record CalendarReport(List<CalendarDay> days, List<String> skipped, int added, int removed, boolean applied) {
    public CalendarReport {
        days = List.copyOf(days);
        skipped = List.copyOf(skipped);
    }
}
