package io.warden.gateway.bench;

import io.warden.adapter.api.CardFormat;
import io.warden.adapter.api.Credential;
import io.warden.gateway.access.AccessDecider;
import io.warden.gateway.access.AccessPolicy;
import io.warden.gateway.access.Decision;
import io.warden.gateway.access.DenyReason;
import io.warden.gateway.access.Schedule;
import io.warden.gateway.config.AccessConfig;
import io.warden.gateway.config.SiteConfig;
import io.warden.gateway.door.DoorInfo;
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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The district {@link CardDecisionBench} decides for: {@code people} cardholders, each with one
 * H10301 card (facility 40, number = index + 1), about 8% staff, 86% students in 40 schools, the
 * rest contractors, visitors and first responders; 2% of the people suspended and 2% of the cards
 * lost; the reads include 2% unknown cards. 20 doors on two sites (the bench's own door, {@value #DOOR}, plus 19 others the line does
 * not drive) and {@code groups} access groups in four shapes, in turn: by kind (to a zone or a site),
 * by school (students of one school to three doors), by person list (25 people to a zone), and by
 * kind and school (staff of one school to its site). Schedules are daily hours placed around the bench's
 * start (local time of the site): {@code day} and {@code long} open, {@code later} closed, so some
 * denials are for the schedule. Seeded: every run builds the same district.
 */
final class CardDecisionPeople {
    static final String DOOR = "main-entrance";
    static final String SITE = "lincoln";
    static final ZoneId ZONE = ZoneId.of("America/Chicago");
    static final int FACILITY = 40;

    final Directory directory;
    final AccessPolicy policy;
    /** Card numbers (facility {@value #FACILITY}) the policy grants / denies at {@link #DOOR} at {@code now}. */
    final List<Integer> granted = new ArrayList<>();
    final List<Integer> denied = new ArrayList<>();
    final Map<DenyReason, Integer> deniedBy = new EnumMap<>(DenyReason.class);

    /** Open daily from {@code from} to {@code to} local time (across midnight when from is after to). */
    record Hours(String id, LocalTime from, LocalTime to) implements Schedule {
        @Override
        public boolean isOpen(Instant at, ZoneId zone, Directory calendar) {
            LocalTime t = LocalTime.ofInstant(at, zone);
            boolean inside = !t.isBefore(from) && t.isBefore(to);
            return from.isBefore(to) ? inside : !(t.isBefore(from) && !t.isBefore(to));
        }

        @Override
        public Optional<Instant> nextChange(Instant after, ZoneId zone, Directory calendar) {
            return Optional.empty();
        }
    }

    CardDecisionPeople(int people, int groups, Instant now, DoorInfo benchDoor) {
        Random random = new Random(9);
        LocalTime t = LocalTime.ofInstant(now, ZONE);
        Map<String, Schedule> schedules = Map.of(
                "day", new Hours("day", t.minusHours(3), t.plusHours(3)),
                "long", new Hours("long", t.minusHours(1), t.plusHours(8)),
                "later", new Hours("later", t.plusHours(2), t.plusHours(5)));
        String[] scheduleIds = {"day", "long", "later", "day", "long"};

        List<Person> ps = new ArrayList<>();
        List<Card> cards = new ArrayList<>();
        for (int i = 0; i < people; i++) {
            int r = random.nextInt(100);
            PersonKind kind = r < 8 ? PersonKind.STAFF : r < 94 ? PersonKind.STUDENT : r < 97 ? PersonKind.CONTRACTOR
                    : r < 99 ? PersonKind.VISITOR : PersonKind.FIRST_RESPONDER;
            PersonStatus status = random.nextInt(50) == 0 ? PersonStatus.SUSPENDED : PersonStatus.ACTIVE;
            ps.add(new Person("p" + i, "Person " + i, kind, "sis-" + i, List.of("school-" + random.nextInt(40)), status, null, null, false,
                    null, "oneroster"));
            cards.add(new Card("H10301:" + FACILITY + ":" + (i + 1), "p" + i, random.nextInt(50) == 0 ? CardStatus.LOST : CardStatus.ACTIVE));
        }
        directory = new Directory(ps, cards, List.of(), 1);

        List<DoorInfo> doors = new ArrayList<>(List.of(benchDoor));
        for (int d = 1; d < 20; d++) {
            boolean lincoln = d < 12;
            doors.add(new DoorInfo("door-" + d, "Door " + d, lincoln ? SITE : "washington", lincoln ? (d % 2 == 0 ? "main" : "north") : "w-main",
                    d % 3 == 0, "line-b", "osdp", Duration.ofSeconds(1), Duration.ofSeconds(30), List.of()));
        }
        String[] kinds = {"staff", "contractor", "visitor", "first_responder"};
        List<AccessConfig.Group> gs = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            String schedule = scheduleIds[g % scheduleIds.length];
            String school = "school-" + g % 40;
            AccessConfig.Group group = switch (g % 4) {
                case 0 -> new AccessConfig.Group("kind-" + g, null, List.of(kinds[g / 4 % 4]), List.of(), List.of(), List.of(),
                        g % 8 == 0 ? List.of("main") : List.of(), g % 8 == 0 ? List.of() : List.of("washington"), schedule);
                case 1 -> new AccessConfig.Group("school-" + g, null, List.of("student"), List.of(school), List.of(),
                        g % 3 == 0 ? List.of(DOOR, "door-" + (g % 19 + 1), "door-" + ((g + 7) % 19 + 1)) : List.of("door-" + (g % 19 + 1)),
                        List.of(), List.of(), schedule);
                case 2 -> {
                    List<String> names = new ArrayList<>();
                    for (int k = 0; k < 25; k++) names.add("p" + random.nextInt(people));
                    yield new AccessConfig.Group("list-" + g, null, List.of(), List.of(), names, List.of(), List.of(g % 3 == 0 ? "main" : "north"),
                            List.of(), schedule);
                }
                default -> new AccessConfig.Group("staff-" + g, null, List.of("staff"), List.of(school), List.of(), List.of(), List.of(),
                        List.of(g % 2 == 0 ? SITE : "washington"), schedule);
            };
            gs.add(group);
        }
        List<SiteConfig> sites = List.of(
                new SiteConfig(SITE, "Lincoln", ZONE.getId(), List.of(new SiteConfig.Zone("main", null), new SiteConfig.Zone("north", null))),
                new SiteConfig("washington", "Washington", ZONE.getId(), List.of(new SiteConfig.Zone("w-main", null))));
        policy = AccessPolicy.compile(new AccessConfig(null, List.of(), gs, List.of(), List.of(), List.of()), doors, sites, schedules);

        for (int i = 0; i < people + people / 50; i++) { // and 2% cards nobody holds
            Decision d = AccessDecider.decide(directory, policy, DOOR, read(i + 1), now, null).decision();
            if (d.granted()) {
                granted.add(i + 1);
            } else {
                denied.add(i + 1);
                deniedBy.merge(d.reason(), 1, Integer::sum);
            }
        }
    }

    /** The 26 bits card {@code number} sends, as the reader's RAW carries them. */
    static byte[] bits(int number) {
        return CardFormat.H10301.encode(FACILITY, number);
    }

    /** The read of card {@code number} as the gateway gets it. */
    static Credential read(int number) {
        return Credential.card(bits(number), 26);
    }
}
