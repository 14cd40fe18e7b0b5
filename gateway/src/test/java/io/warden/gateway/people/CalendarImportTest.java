package io.warden.gateway.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.people.CalendarDay.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.fortuna.ical4j.util.Configurator;
import org.junit.jupiter.api.Test;

/** A district's .ics: which events become calendar days, which are skipped and why, and what is not iCalendar. */
class CalendarImportTest {
    static byte[] fixture(String name) throws IOException {
        try (InputStream in = CalendarImportTest.class.getResourceAsStream("/calendar/" + name)) {
            return in.readAllBytes();
        }
    }

    static byte[] ics(String events) {
        return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n" + events.replace("\n", "\r\n") + "END:VCALENDAR\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    static Map<LocalDate, CalendarDay> byDate(CalendarImport.Result r) {
        return r.days().stream().collect(Collectors.toMap(CalendarDay::date, Function.identity()));
    }

    static CalendarDay day(String date, Kind kind, String name) {
        return new CalendarDay(LocalDate.parse(date), kind, name);
    }

    @Test
    void aDistrictCalendarGivesItsHolidaysBreaksAndEarlyReleaseDays() throws IOException {
        CalendarImport.Result r = CalendarImport.parse(fixture("district-2026-27.ics"));
        Map<LocalDate, CalendarDay> days = byDate(r);
        assertThat(r.days()).hasSize(43).isSortedAccordingTo((a, b) -> a.date().compareTo(b.date()));

        assertThat(days.get(LocalDate.parse("2026-09-07"))).as("SUMMARY 'No School'").isEqualTo(day("2026-09-07", Kind.HOLIDAY, "Labor Day - No School"));
        assertThat(days.get(LocalDate.parse("2027-01-18"))).isEqualTo(day("2027-01-18", Kind.HOLIDAY, "Martin Luther King Jr. Day"));
        assertThat(days.get(LocalDate.parse("2027-02-12")).kind()).as("SUMMARY 'Half Day'").isEqualTo(Kind.EARLY_RELEASE);

        assertThat(r.days()).filteredOn(d -> d.name().equals("Thanksgiving Break")).extracting(CalendarDay::date)
                .as("DTEND is exclusive").containsExactly(LocalDate.parse("2026-11-25"), LocalDate.parse("2026-11-26"), LocalDate.parse("2026-11-27"));
        assertThat(r.days()).filteredOn(d -> d.name().equals("Winter Break (schools and offices closed)"))
                .as("a folded SUMMARY; 'break' beats 'closed'; every day, weekends too").hasSize(12)
                .allMatch(d -> d.kind() == Kind.BREAK)
                .extracting(CalendarDay::date).startsWith(LocalDate.parse("2026-12-21")).endsWith(LocalDate.parse("2027-01-01"));
        assertThat(r.days()).filteredOn(d -> d.name().equals("Spring Recess")).hasSize(9).allMatch(d -> d.kind() == Kind.BREAK);

        assertThat(r.days()).filteredOn(d -> d.name().equals("Early Release Wednesday")).extracting(CalendarDay::date)
                .as("weekly until Dec 16, without the EXDATE, and Thanksgiving's Wednesday is the break's")
                .containsExactly(LocalDate.parse("2026-09-02"), LocalDate.parse("2026-09-09"), LocalDate.parse("2026-09-16"),
                        LocalDate.parse("2026-09-23"), LocalDate.parse("2026-09-30"), LocalDate.parse("2026-10-07"),
                        LocalDate.parse("2026-10-21"), LocalDate.parse("2026-10-28"), LocalDate.parse("2026-11-04"),
                        LocalDate.parse("2026-11-11"), LocalDate.parse("2026-11-18"), LocalDate.parse("2026-12-02"),
                        LocalDate.parse("2026-12-09"), LocalDate.parse("2026-12-16"));
        assertThat(r.days()).filteredOn(d -> d.name().equals("Independence Day")).extracting(CalendarDay::date)
                .as("yearly, within two years of the first date").containsExactly(LocalDate.parse("2026-07-04"), LocalDate.parse("2027-07-04"));

        assertThat(r.skipped()).hasSize(4);
        assertThat(r.skipped()).contains(
                "Picture Day (2026-09-15): neither its CATEGORIES nor its SUMMARY say holiday, break or early release",
                "Early Release Wednesday (2026-11-25): the day is break (Thanksgiving Break)",
                "No School - Snow Day Reserve (2027-04-05): cancelled");
        assertThat(r.skipped()).contains("Winter Band Concert (2026-12-10T19:00): not an all-day event");
    }

    @Test
    void categoriesWinOverTheSummary() {
        CalendarImport.Result r = CalendarImport.parse(ics("""
                BEGIN:VEVENT
                UID:a
                DTSTAMP:20260601T120000Z
                DTSTART;VALUE=DATE:20261009
                SUMMARY:Fall break (optional)
                CATEGORIES:District,early_release
                END:VEVENT
                BEGIN:VEVENT
                UID:b
                DTSTAMP:20260601T120000Z
                DTSTART;VALUE=DATE:20261012
                SUMMARY:Indigenous Peoples' Day
                CATEGORIES:Holiday
                END:VEVENT
                BEGIN:VEVENT
                UID:c
                DTSTAMP:20260601T120000Z
                DTSTART;VALUE=DATE:20261013
                SUMMARY:Breakfast with the principal
                END:VEVENT
                BEGIN:VEVENT
                UID:d
                DTSTAMP:20260601T120000Z
                DTSTART;VALUE=DATE:20261014
                SUMMARY:Minimum Day / Early Dismissal
                END:VEVENT
                """));
        assertThat(r.days()).containsExactly(day("2026-10-09", Kind.EARLY_RELEASE, "Fall break (optional)"),
                day("2026-10-12", Kind.HOLIDAY, "Indigenous Peoples' Day"), day("2026-10-14", Kind.EARLY_RELEASE, "Minimum Day / Early Dismissal"));
        assertThat(r.skipped()).containsExactly("Breakfast with the principal (2026-10-13): neither its CATEGORIES nor its SUMMARY say holiday, break or early release");
    }

    @Test
    void otherRepeatsAreTakenOnceAndSaidSo() {
        CalendarImport.Result r = CalendarImport.parse(("\uFEFF" + new String(ics("""
                BEGIN:VEVENT
                UID:a
                DTSTAMP:20260601T120000Z
                DTSTART;VALUE=DATE:20260901
                RRULE:FREQ=MONTHLY;COUNT=10
                SUMMARY:Early release (first of the month)
                END:VEVENT
                BEGIN:VEVENT
                UID:b
                DTSTAMP:20260601T120000Z
                DTSTART;VALUE=DATE:20260101
                RRULE:FREQ=YEARLY
                SUMMARY:New Year's Day
                CATEGORIES:HOLIDAY
                END:VEVENT
                """), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        assertThat(r.days()).containsExactly(day("2026-01-01", Kind.HOLIDAY, "New Year's Day"), day("2026-09-01", Kind.EARLY_RELEASE,
                "Early release (first of the month)"), day("2027-01-01", Kind.HOLIDAY, "New Year's Day"));
        assertThat(r.skipped()).containsExactly("Early release (first of the month) (2026-09-01): repeats MONTHLY; only yearly and weekly repeats are read, "
                + "so only its first date is taken");
    }

    @Test
    void whatIsNotICalendarIsRefusedNamingTheLine() throws IOException {
        for (String file : List.of("not-icalendar.ics", "unterminated.ics")) {
            Throwable t = catchThrowable(() -> CalendarImport.parse(fixture(file)));
            assertThat(t).as(file).isInstanceOf(WardenException.class);
            assertThat(((WardenException) t).code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(t.getMessage()).as(file).startsWith("not an iCalendar file: line ");
        }
        assertThat(catchThrowable(() -> CalendarImport.parse(fixture("not-icalendar.ics")))).hasMessage("not an iCalendar file: line 1: Expected [BEGIN], read [Date,Event]");
        assertThat(catchThrowable(() -> CalendarImport.parse(fixture("unterminated.ics")))).hasMessage("not an iCalendar file: line 8: Expected [VEVENT], read [VCALENDAR]");
        assertThat(catchThrowable(() -> CalendarImport.parse(new byte[0]))).isInstanceOf(WardenException.class).hasMessageStartingWith("not an iCalendar file");
    }

    @Test
    void ical4jNeverFetchesTimeZones() {
        assertThat(Configurator.getProperty("net.fortuna.ical4j.timezone.update.enabled")).contains("false");
    }
}
