package io.warden.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.gateway.config.AccessConfig;
import io.warden.gateway.people.PersonKind;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The config compiled per door: the rules that reach it, its PIN schedules, its site's zone and rules. */
class AccessPolicyTest {

    @Test
    void eachDoorHoldsOnlyTheGroupsThatReachItInConfigOrder() {
        AccessPolicy p = AccessFixture.policy();
        assertThat(p.door("main-entrance").rules()).extracting(AccessPolicy.Rule::group).containsExactly("lincoln-staff", "lincoln-students", "aides");
        assertThat(p.door("gym").rules()).extracting(AccessPolicy.Rule::group).containsExactly("lincoln-staff", "night-crew");
        assertThat(p.door("wash-door").rules()).extracting(AccessPolicy.Rule::group).containsExactly("wash-staff");
        assertThat(p.door("library").pinSchedules()).containsExactly(Schedule.ALWAYS);
        assertThat(p.door("office").pinSchedules()).isEmpty();
        assertThat(p.doors()).extracting(d -> d.door().id()).containsExactly("main-entrance", "office", "library", "gym", "wash-door");
        assertThat(p.pinTimeoutSeconds()).isEqualTo(5);
    }

    @Test
    void aDoorTakesItsSitesZoneAndRulesOrTheDefaultsForASiteNotListed() {
        AccessPolicy p = AccessFixture.policy();
        assertThat(p.door("gym").zone()).isEqualTo(ZoneId.of("America/Chicago"));
        assertThat(p.door("gym").secureExteriorKinds()).containsExactly(PersonKind.STAFF);
        assertThat(p.door("gym").lockdownEntryKinds()).containsExactly(PersonKind.FIRST_RESPONDER);
        assertThat(p.door("wash-door").zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(p.door("wash-door").lockdownEntryKinds()).containsExactly(PersonKind.FIRST_RESPONDER);
        assertThat(p.door("wash-door").secureExteriorKinds()).containsExactly(PersonKind.STAFF);
    }

    @Test
    void withoutGroupsNothingIsGoverned() {
        AccessPolicy p = AccessPolicy.compile(AccessConfig.none(), AccessFixture.DOORS, AccessFixture.SITES, AccessFixture.SCHEDULES);
        assertThat(p.governs("main-entrance")).isFalse();
        assertThat(p.doors()).isEmpty();
        assertThat(AccessPolicy.none().governs("main-entrance")).isFalse();
    }

    @Test
    void withGroupsEveryDoorIsGovernedAndOneNoGroupReachesRefusesEveryone() {
        AccessConfig c = new AccessConfig(null, List.of(), List.of(AccessFixture.group("g", List.of("staff"), List.of(), List.of(),
                List.of("gym"), List.of(), List.of(), null)), List.of(), List.of(), List.of());
        AccessPolicy p = AccessPolicy.compile(c, AccessFixture.DOORS, AccessFixture.SITES, AccessFixture.SCHEDULES);
        assertThat(p.governs("office")).isTrue();
        assertThat(p.door("office").rules()).isEmpty();
        assertThat(AccessDecider.decide(AccessFixture.DIRECTORY, p, "office", AccessFixture.swipe(1001), AccessFixture.MORNING, null)
                .decision().reason()).isEqualTo(DenyReason.NO_ACCESS);
    }

    @Test
    void anUnknownScheduleOrKindNamesTheEntry() {
        AccessConfig badSchedule = new AccessConfig(null, List.of(), List.of(AccessFixture.group("g", List.of("staff"), List.of(), List.of(),
                List.of("gym"), List.of(), List.of(), "weekends")), List.of(), List.of(), List.of());
        assertThatThrownBy(() -> AccessPolicy.compile(badSchedule, AccessFixture.DOORS, AccessFixture.SITES, AccessFixture.SCHEDULES))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("access.groups g: no schedule 'weekends'");
        AccessConfig badKind = new AccessConfig(null, List.of(), List.of(AccessFixture.group("g", List.of("janitor"), List.of(), List.of(),
                List.of("gym"), List.of(), List.of(), null)), List.of(), List.of(), List.of());
        assertThatThrownBy(() -> AccessPolicy.compile(badKind, AccessFixture.DOORS, AccessFixture.SITES, AccessFixture.SCHEDULES))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("access.groups g: unknown kind 'janitor'");
    }

    @Test
    void twoHundredGroupsAndTenThousandPeopleDecideFromTheDoorsOwnRules() {
        List<AccessConfig.Group> groups = new java.util.ArrayList<>();
        for (int g = 0; g < 200; g++) { // each group one school and one door of 20; a person in one school
            groups.add(AccessFixture.group("g" + g, List.of("staff", "student"), List.of("school-" + g), List.of(), List.of("door-" + g % 20),
                    List.of(), List.of(), "staff-hours"));
        }
        List<io.warden.gateway.door.DoorInfo> doors = new java.util.ArrayList<>();
        for (int d = 0; d < 20; d++) doors.add(AccessFixture.door("door-" + d, "lincoln", "main", d % 2 == 0));
        AccessPolicy p = AccessPolicy.compile(new AccessConfig(null, List.of(), groups, List.of(), List.of(), List.of()), doors,
                AccessFixture.SITES, AccessFixture.SCHEDULES);
        assertThat(p.door("door-3").rules()).hasSize(10);
        List<io.warden.gateway.people.Person> people = new java.util.ArrayList<>();
        List<io.warden.gateway.people.Card> cards = new java.util.ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            people.add(AccessFixture.person("p" + i, i % 10 == 0 ? PersonKind.STAFF : PersonKind.STUDENT, "school-" + i % 200));
            cards.add(AccessFixture.card(i, "p" + i));
        }
        io.warden.gateway.people.Directory dir = new io.warden.gateway.people.Directory(people, cards, List.of(), 1);
        long t0 = System.nanoTime();
        int granted = 0;
        for (int i = 0; i < 10_000; i++) {
            if (AccessDecider.decide(dir, p, "door-" + i % 20, AccessFixture.swipe(i), AccessFixture.MORNING, null).decision().granted()) granted++;
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(granted).as("person i is in school i %% 200, whose group opens door i %% 20").isEqualTo(10_000);
        assertThat(ms).as("10,000 decisions, a generous bound for a busy machine").isLessThan(10_000);
    }

    @Test
    void aGroupNamingOnlyPeopleHoldsNobodyElse() {
        AccessPolicy.Rule aides = AccessFixture.policy().door("office").rules().stream().filter(r -> r.group().equals("aides")).findFirst().orElseThrow();
        assertThat(aides.holds(AccessFixture.DIRECTORY.person("p-aide").orElseThrow())).isTrue();
        assertThat(aides.holds(AccessFixture.DIRECTORY.person("p-staff").orElseThrow())).isFalse();
    }
}
