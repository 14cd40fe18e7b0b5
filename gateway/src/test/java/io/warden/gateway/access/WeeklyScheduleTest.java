package io.warden.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.gateway.config.AccessConfig;
import io.warden.gateway.people.CalendarDay;
import io.warden.gateway.people.Directory;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Weekly schedules in a site's zone: the calendar's exceptions, midnight and 24:00, and both daylight-saving changes. */
class WeeklyScheduleTest {
    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    static final List<String> SCHOOL_DAYS = List.of("mon", "tue", "wed", "thu", "fri");

    /** Staff hours: 07:00-17:00 on school days, 07:00-13:00 on early-release days, closed on holidays and breaks. */
    static final AccessConfig.Schedule STAFF = new AccessConfig.Schedule("staff-hours", null,
            List.of(new AccessConfig.Hours(SCHOOL_DAYS, "07:00", "17:00")),
            List.of(new AccessConfig.Hours(null, "07:00", "13:00")), null);

    static Schedule compile(AccessConfig.Schedule s) {
        return Schedules.compile(List.of(s)).get(s.id());
    }

    static Schedule hours(String days, String from, String to) {
        return compile(new AccessConfig.Schedule("s", null, List.of(new AccessConfig.Hours(List.of(days.split(",")), from, to)), null, null));
    }

    /** A wall-clock reading in Chicago; in the fall's repeated hour, the first of the two. */
    static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(CHICAGO).toInstant();
    }

    static Directory calendar(CalendarDay... days) {
        return new Directory(List.of(), List.of(), List.of(days), 1);
    }

    static Directory range(String from, String to, CalendarDay.Kind kind) {
        List<CalendarDay> days = new ArrayList<>();
        for (LocalDate d = LocalDate.parse(from); !d.isAfter(LocalDate.parse(to)); d = d.plusDays(1)) days.add(new CalendarDay(d, kind, "x"));
        return new Directory(List.of(), List.of(), days, 1);
    }

    static Optional<Instant> next(Schedule s, Instant after, Directory cal) {
        return s.nextChange(after, CHICAGO, cal);
    }

    @Test
    void schoolDayHoursAreLocalAndEndExclusive() {
        Schedule s = compile(STAFF);
        assertThat(s.isOpen(local("2026-11-02T06:59"), CHICAGO, Directory.EMPTY)).isFalse();
        assertThat(s.isOpen(local("2026-11-02T07:00"), CHICAGO, Directory.EMPTY)).isTrue();
        assertThat(s.isOpen(local("2026-11-02T16:59:59"), CHICAGO, Directory.EMPTY)).isTrue();
        assertThat(s.isOpen(local("2026-11-02T17:00"), CHICAGO, Directory.EMPTY)).isFalse();
        assertThat(s.isOpen(Instant.parse("2026-11-02T13:00:00Z"), ZoneId.of("UTC"), Directory.EMPTY))
                .as("the same instant is 07:00 in Chicago but 13:00 in UTC").isTrue();
        assertThat(s.isOpen(Instant.parse("2026-11-02T13:00:00Z"), CHICAGO, Directory.EMPTY)).isTrue();
        assertThat(s.isOpen(Instant.parse("2026-11-02T12:59:00Z"), CHICAGO, Directory.EMPTY)).isFalse();
        assertThat(next(s, local("2026-11-02T12:00"), Directory.EMPTY)).contains(local("2026-11-02T17:00"));
        assertThat(next(s, local("2026-11-02T07:00"), Directory.EMPTY)).as("strictly after").contains(local("2026-11-02T17:00"));
        assertThat(next(s, local("2026-11-06T17:00"), Directory.EMPTY)).as("Friday's close to Monday's open").contains(local("2026-11-09T07:00"));
        assertThat(next(s, local("2026-11-06T16:59:30"), Directory.EMPTY)).contains(local("2026-11-06T17:00"));
    }

    @Test
    void aHolidayClosesTheWholeDay() {
        Schedule s = compile(STAFF);
        Directory mlk = calendar(new CalendarDay(LocalDate.parse("2027-01-18"), CalendarDay.Kind.HOLIDAY, "Martin Luther King Jr. Day"));
        assertThat(s.isOpen(local("2027-01-18T09:00"), CHICAGO, mlk)).isFalse();
        assertThat(s.isOpen(local("2027-01-18T09:00"), CHICAGO, Directory.EMPTY)).isTrue();
        assertThat(next(s, local("2027-01-15T17:00"), mlk)).as("Friday to Tuesday").contains(local("2027-01-19T07:00"));
        assertThat(next(s, local("2027-01-18T09:00"), mlk)).contains(local("2027-01-19T07:00"));
    }

    @Test
    void aBreakOverTwoWeekendsClosesUntilTheMondayAfter() {
        Schedule s = compile(STAFF);
        Directory winter = range("2026-12-21", "2027-01-01", CalendarDay.Kind.BREAK);
        assertThat(next(s, local("2026-12-18T12:00"), winter)).contains(local("2026-12-18T17:00"));
        assertThat(next(s, local("2026-12-18T17:00"), winter)).contains(local("2027-01-04T07:00"));
        assertThat(s.isOpen(local("2026-12-28T10:00"), CHICAGO, winter)).isFalse();

        Schedule holidaysOnly = compile(new AccessConfig.Schedule("custodians", null, STAFF.hours(), null, List.of("holiday")));
        assertThat(holidaysOnly.isOpen(local("2026-12-28T10:00"), CHICAGO, winter)).as("closedOn: [holiday] stays open in a break").isTrue();
        assertThat(next(holidaysOnly, local("2026-12-18T17:00"), winter)).contains(local("2026-12-21T07:00"));
    }

    @Test
    void earlyReleaseDaysHaveTheirOwnHours() {
        Schedule s = compile(STAFF);
        Directory early = calendar(new CalendarDay(LocalDate.parse("2026-11-04"), CalendarDay.Kind.EARLY_RELEASE, "Early release"));
        assertThat(s.isOpen(local("2026-11-04T12:59"), CHICAGO, early)).isTrue();
        assertThat(s.isOpen(local("2026-11-04T13:00"), CHICAGO, early)).isFalse();
        assertThat(next(s, local("2026-11-04T08:00"), early)).contains(local("2026-11-04T13:00"));
        assertThat(next(s, local("2026-11-04T13:00"), early)).contains(local("2026-11-05T07:00"));

        Schedule usual = compile(new AccessConfig.Schedule("gym", null, STAFF.hours(), null, null));
        assertThat(usual.isOpen(local("2026-11-04T15:00"), CHICAGO, early)).as("no earlyRelease: the usual hours").isTrue();
    }

    @Test
    void midnightAnd2400JoinAcrossDays() {
        Schedule s = compile(new AccessConfig.Schedule("night", null, List.of(
                new AccessConfig.Hours(List.of("fri"), "18:00", "24:00"),
                new AccessConfig.Hours(List.of("sat"), "00:00", "06:00")), null, null));
        assertThat(s.isOpen(local("2026-11-06T23:59:59"), CHICAGO, Directory.EMPTY)).isTrue();
        assertThat(s.isOpen(local("2026-11-07T00:00"), CHICAGO, Directory.EMPTY)).isTrue();
        assertThat(next(s, local("2026-11-06T20:00"), Directory.EMPTY)).as("no change at midnight").contains(local("2026-11-07T06:00"));
        assertThat(next(s, local("2026-11-07T06:00"), Directory.EMPTY)).contains(local("2026-11-13T18:00"));

        Schedule weekend = hours("sat,sun", "00:00", "24:00");
        assertThat(weekend.isOpen(local("2026-11-06T23:59:59"), CHICAGO, Directory.EMPTY)).isFalse();
        assertThat(next(weekend, local("2026-11-06T23:59:59"), Directory.EMPTY)).contains(local("2026-11-07T00:00"));
        assertThat(next(weekend, local("2026-11-07T10:00"), Directory.EMPTY)).contains(local("2026-11-09T00:00"));
        assertThat(weekend.isOpen(local("2026-11-09T00:00"), CHICAGO, Directory.EMPTY)).isFalse();
    }

    @Test
    void springForwardShortensAWindowOverTheSkippedHour() {
        // 2027-03-14, Chicago: 02:00 CST is followed by 03:00 CDT (08:00Z)
        Schedule s = hours("sun", "01:00", "04:00");
        assertThat(s.isOpen(Instant.parse("2027-03-14T06:59:00Z"), CHICAGO, Directory.EMPTY)).isFalse();
        assertThat(s.isOpen(Instant.parse("2027-03-14T07:00:00Z"), CHICAGO, Directory.EMPTY)).as("01:00 CST").isTrue();
        assertThat(s.isOpen(Instant.parse("2027-03-14T08:00:00Z"), CHICAGO, Directory.EMPTY)).as("03:00 CDT").isTrue();
        assertThat(next(s, Instant.parse("2027-03-14T07:30:00Z"), Directory.EMPTY)).as("04:00 CDT: two hours, not three")
                .contains(Instant.parse("2027-03-14T09:00:00Z"));
        assertThat(next(s, Instant.parse("2027-03-13T12:00:00Z"), Directory.EMPTY)).contains(Instant.parse("2027-03-14T07:00:00Z"));

        Schedule fromInsideTheGap = hours("sun", "02:15", "05:00");
        assertThat(next(fromInsideTheGap, Instant.parse("2027-03-14T06:00:00Z"), Directory.EMPTY))
                .as("opens when the clock jumps past 02:15, at 03:00 CDT").contains(Instant.parse("2027-03-14T08:00:00Z"));
        assertThat(fromInsideTheGap.isOpen(Instant.parse("2027-03-14T07:59:59Z"), CHICAGO, Directory.EMPTY)).isFalse();

        Schedule inTheGap = hours("sun", "02:00", "02:30");
        assertThat(next(inTheGap, Instant.parse("2027-03-13T12:00:00Z"), Directory.EMPTY)).as("skipped that Sunday, 02:00 CDT a week later")
                .contains(Instant.parse("2027-03-21T07:00:00Z"));
    }

    @Test
    void fallBackLengthensAWindowOverTheRepeatedHour() {
        // 2026-11-01, Chicago: 02:00 CDT (07:00Z) is followed by 01:00 CST; 01:00-02:00 is read twice
        Schedule s = hours("sun", "00:30", "03:00");
        assertThat(next(s, Instant.parse("2026-10-31T12:00:00Z"), Directory.EMPTY)).as("00:30 CDT").contains(Instant.parse("2026-11-01T05:30:00Z"));
        assertThat(s.isOpen(Instant.parse("2026-11-01T07:15:00Z"), CHICAGO, Directory.EMPTY)).as("01:15 CST, the second time").isTrue();
        assertThat(next(s, Instant.parse("2026-11-01T05:30:00Z"), Directory.EMPTY)).as("03:00 CST: three and a half hours")
                .contains(Instant.parse("2026-11-01T09:00:00Z"));

        Schedule inTheRepeat = hours("sun", "01:00", "01:30");
        assertThat(next(inTheRepeat, Instant.parse("2026-10-31T12:00:00Z"), Directory.EMPTY)).contains(Instant.parse("2026-11-01T06:00:00Z"));
        assertThat(next(inTheRepeat, Instant.parse("2026-11-01T06:00:00Z"), Directory.EMPTY)).contains(Instant.parse("2026-11-01T06:30:00Z"));
        assertThat(inTheRepeat.isOpen(Instant.parse("2026-11-01T07:10:00Z"), CHICAGO, Directory.EMPTY))
                .as("the clock reads 01:10 again, but the window has ended").isFalse();
        assertThat(next(inTheRepeat, Instant.parse("2026-11-01T06:30:00Z"), Directory.EMPTY)).as("a week later, 01:00 CST")
                .contains(Instant.parse("2026-11-08T07:00:00Z"));
    }

    @Test
    void neverChangingGivesNothingAndAlwaysIsBuiltIn() {
        Schedule allWeek = compile(new AccessConfig.Schedule("all", null,
                List.of(new AccessConfig.Hours(AccessConfig.Hours.DAY_NAMES, "00:00", "24:00")), null, List.of()));
        assertThat(allWeek.isOpen(local("2027-01-18T03:00"), CHICAGO, Directory.EMPTY)).isTrue();
        assertThat(next(allWeek, local("2026-11-01T01:30"), Directory.EMPTY)).isEmpty();
        assertThat(next(compile(new AccessConfig.Schedule("none", null, List.of(), null, null)), local("2026-11-01T01:30"), Directory.EMPTY)).isEmpty();

        Directory holiday = calendar(new CalendarDay(LocalDate.parse("2027-06-01"), CalendarDay.Kind.HOLIDAY, "h"));
        Schedule closedOnHolidays = compile(new AccessConfig.Schedule("all-but", null,
                List.of(new AccessConfig.Hours(AccessConfig.Hours.DAY_NAMES, "00:00", "24:00")), null, null));
        assertThat(next(closedOnHolidays, local("2026-11-01T00:00"), holiday)).as("within 400 days").contains(local("2027-06-01T00:00"));
        assertThat(next(closedOnHolidays, local("2026-01-01T00:00"), holiday)).as("more than 400 days ahead").isEmpty();

        assertThat(Schedules.compile(List.of())).containsEntry("always", Schedule.ALWAYS);
        assertThat(Schedule.ALWAYS.isOpen(local("2027-01-18T03:00"), CHICAGO, holiday)).isTrue();
        assertThatThrownBy(() -> hours("mon", "17:00", "07:00")).hasMessageContaining("schedule 's'").hasMessageContaining("not before");
    }
}
