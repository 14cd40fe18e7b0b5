package io.warden.gateway.access;

import io.warden.adapter.api.CardFormat;
import io.warden.adapter.api.Credential;
import io.warden.gateway.config.AccessConfig;
import io.warden.gateway.config.SiteConfig;
import io.warden.gateway.door.DoorInfo;
import io.warden.gateway.door.LockdownReport;
import io.warden.gateway.door.LockdownRequest;
import io.warden.gateway.people.Card;
import io.warden.gateway.people.CardStatus;
import io.warden.gateway.people.Directory;
import io.warden.gateway.people.Person;
import io.warden.gateway.people.PersonKind;
import io.warden.gateway.people.PersonStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small district for the access tests: Lincoln (America/Chicago, listed with its rules) and
 * Washington (not listed: UTC and the default rules), their doors, groups, people and cards.
 *
 * <pre>
 *   door            site        zone    exterior  card+PIN
 *   main-entrance   lincoln     main    yes
 *   office          lincoln     main    no
 *   library         lincoln     main    no        always
 *   gym             lincoln     north   yes
 *   wash-door       washington  w-main  yes
 *
 *   group            selects                          doors               schedule
 *   lincoln-staff    kind staff                       site lincoln        staff-hours 06:00-20:00
 *   lincoln-students kind student, school lincoln-ms  main-entrance, office  school-hours 07:30-15:30
 *   aides            person p-aide                    zone main           staff-hours
 *   night-crew       kind contractor                  gym                 closed
 *   wash-staff       kind staff, school washington-es site washington     always
 * </pre>
 */
final class AccessFixture {
    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    /** Tuesday 10:00 in Chicago. */
    static final Instant MORNING = Instant.parse("2026-12-01T16:00:00Z");
    /** Tuesday 16:30 in Chicago: after school, staff hours still open. */
    static final Instant AFTER_SCHOOL = Instant.parse("2026-12-01T22:30:00Z");
    /** Tuesday 22:00 in Chicago. */
    static final Instant NIGHT = Instant.parse("2026-12-02T04:00:00Z");

    /** Open daily between two local times. */
    record Hours(String id, LocalTime from, LocalTime to) implements Schedule {
        @Override
        public boolean isOpen(Instant at, ZoneId zone, Directory calendar) {
            LocalTime t = LocalTime.ofInstant(at, zone);
            return !t.isBefore(from) && t.isBefore(to);
        }

        @Override
        public Optional<Instant> nextChange(Instant after, ZoneId zone, Directory calendar) {
            return Optional.empty();
        }
    }

    static final Map<String, Schedule> SCHEDULES = Map.of(
            "staff-hours", new Hours("staff-hours", LocalTime.of(6, 0), LocalTime.of(20, 0)),
            "school-hours", new Hours("school-hours", LocalTime.of(7, 30), LocalTime.of(15, 30)),
            "closed", new Hours("closed", LocalTime.MIDNIGHT, LocalTime.MIDNIGHT));

    static final List<DoorInfo> DOORS = List.of(
            door("main-entrance", "lincoln", "main", true), door("office", "lincoln", "main", false),
            door("library", "lincoln", "main", false), door("gym", "lincoln", "north", true),
            door("wash-door", "washington", "w-main", true));

    static final List<SiteConfig> SITES = List.of(new SiteConfig("lincoln", "Lincoln", "America/Chicago", List.of()));

    static AccessConfig config() {
        return new AccessConfig(5, List.of(), List.of(
                group("lincoln-staff", List.of("staff"), List.of(), List.of(), List.of(), List.of(), List.of("lincoln"), "staff-hours"),
                group("lincoln-students", List.of("student"), List.of("lincoln-ms"), List.of(), List.of("main-entrance", "office"), List.of(),
                        List.of(), "school-hours"),
                group("aides", List.of(), List.of(), List.of("p-aide"), List.of(), List.of("main"), List.of(), "staff-hours"),
                group("night-crew", List.of("contractor"), List.of(), List.of(), List.of("gym"), List.of(), List.of(), "closed"),
                group("wash-staff", List.of("staff"), List.of("washington-es"), List.of(), List.of(), List.of(), List.of("washington"), null)),
                List.of(), List.of(new AccessConfig.CardAndPin(List.of("library"), List.of(), "always")),
                List.of(new AccessConfig.SiteRules("lincoln", null, List.of("staff"))));
    }

    static AccessPolicy policy() {
        return AccessPolicy.compile(config(), DOORS, SITES, SCHEDULES);
    }

    static final Directory DIRECTORY = new Directory(List.of(
            person("p-staff", PersonKind.STAFF, "lincoln-ms"),
            person("p-student", PersonKind.STUDENT, "lincoln-ms"),
            person("p-other-student", PersonKind.STUDENT, "washington-es"),
            person("p-fr", PersonKind.FIRST_RESPONDER, null),
            new Person("p-admin", "Admin", PersonKind.STAFF, null, List.of("lincoln-ms"), PersonStatus.ACTIVE, null, null, true, null, "api"),
            new Person("p-gone", "Gone", PersonKind.STAFF, null, List.of("lincoln-ms"), PersonStatus.SUSPENDED, null, null, false, null, "api"),
            new Person("p-visitor", "Visitor", PersonKind.VISITOR, null, List.of(), PersonStatus.ACTIVE, null,
                    Instant.parse("2026-11-30T00:00:00Z"), false, null, "api"),
            new Person("p-future", "Future", PersonKind.STAFF, null, List.of("lincoln-ms"), PersonStatus.ACTIVE,
                    Instant.parse("2027-01-01T00:00:00Z"), null, false, null, "api"),
            person("p-aide", PersonKind.VISITOR, null),
            person("p-contractor", PersonKind.CONTRACTOR, null),
            person("p-wash", PersonKind.STAFF, "washington-es")),
            List.of(card(1001, "p-staff"), card(1002, "p-student"), card(1003, "p-other-student"), card(1004, "p-fr"),
                    card(1005, "p-admin"), card(1006, "p-gone"), new Card(id(1007), "p-staff", CardStatus.LOST),
                    new Card(id(1008), "p-staff", CardStatus.SUSPENDED), card(1009, "p-visitor"), card(1010, "p-aide"),
                    card(1011, "p-contractor"), card(1012, "p-wash"), card(1013, "p-future")),
            List.of(), 1);

    private AccessFixture() {}

    static DoorInfo door(String id, String site, String zone, boolean exterior) {
        return new DoorInfo(id, id + " door", site, zone, exterior, "line-a", "osdp", Duration.ofSeconds(1), Duration.ofSeconds(30), List.of());
    }

    static AccessConfig.Group group(String id, List<String> kinds, List<String> schools, List<String> people, List<String> doors,
                                    List<String> zones, List<String> sites, String schedule) {
        return new AccessConfig.Group(id, null, kinds, schools, people, doors, zones, sites, schedule);
    }

    static Person person(String id, PersonKind kind, String school) {
        return new Person(id, id, kind, null, school == null ? List.of() : List.of(school), PersonStatus.ACTIVE, null, null, false, null, "api");
    }

    static Card card(int number, String personId) {
        return new Card(id(number), personId, CardStatus.ACTIVE);
    }

    /** The canonical id of H10301 facility 40, this number. */
    static String id(int number) {
        return "H10301:40:" + number;
    }

    /** The 26 bits a reader sends for H10301 40:{@code number}. */
    static Credential swipe(int number) {
        return Credential.card(CardFormat.H10301.encode(40, number), 26);
    }

    static LockdownReport lockdown(LockdownRequest.Level level, String... doors) {
        return new LockdownReport("ld-1", level, new LockdownRequest.Scope("lincoln", null, null), false, "test", "principal", MORNING,
                java.util.Arrays.stream(doors).map(d -> new LockdownReport.DoorResult(d, "confirmed", 5, null)).toList(), null, null);
    }
}
