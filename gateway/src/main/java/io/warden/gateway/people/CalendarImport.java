package io.warden.gateway.people;

import java.util.List;

/**
 * Reads the school calendar's exceptions (holidays, breaks, early-release days) from a district's
 * iCalendar ({@code .ics}) file with ical4j.
 * STUB: signatures fixed, bodies to be written (issue 9).
 */
public final class CalendarImport {
    private CalendarImport() {}

    /**
     * @param days    the exceptions found, one per date (a multi-day break is one per day), by date
     * @param skipped the events that are not exceptions, each as "SUMMARY (date): why"
     */
    public record Result(List<CalendarDay> days, List<String> skipped) {}

    /** Parses {@code ics}; WardenException BAD_REQUEST naming the line when it is not iCalendar. */
    public static Result parse(byte[] ics) {
        throw new UnsupportedOperationException("stub");
    }
}
