package io.warden.gateway.config;

import static io.warden.gateway.config.GatewayConfigTest.OSDP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.warden.adapter.api.WardenException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code access:} section and {@code sites[].timeZone}: a good one binds, and every problem names its path. */
class AccessConfigTest {
    @TempDir
    Path dir;

    /** Two sites, three doors (two in zone main), and {@code access} as given. */
    static String site(String access) {
        return """
                sites:
                  - {id: lincoln, timeZone: America/Chicago, zones: [{id: main}, {id: gym}]}
                  - {id: adams, zones: [{id: adams-main}]}
                controllers: [{id: c1, type: osdp}]
                doors:
                  - {id: front, site: lincoln, zone: main, controller: c1}
                  - {id: office, site: lincoln, zone: main, controller: c1}
                  - {id: gym-east, site: lincoln, zone: gym, controller: c1}
                tokens: [{name: t1, role: admin, sha256: 91c16f0d6cc1bec3c3603972182a07c66ff4fa71618a975e963d6dbe42b6dd37}]
                """ + access;
    }

    List<String> problems(String yaml) {
        Throwable t = catchThrowable(() -> ConfigLoader.parse(yaml, "bad.yaml", OSDP, Map.of(), dir));
        assertThat(t).isInstanceOf(WardenException.class);
        return t.getMessage().lines().skip(1).toList();
    }

    @Test
    void aGoodSectionBinds() {
        GatewayConfig c = ConfigLoader.parse(site("""
                access:
                  pinTimeoutSeconds: 15
                  schedules:
                    - id: staff-hours
                      hours: [{days: [mon, tue, wed, thu, fri], from: "06:30", to: "18:00"}]
                      earlyRelease: [{from: "06:30", to: "14:00"}]
                    - {id: morning, hours: [{days: [mon, tue, wed, thu, fri], from: "07:30", to: "08:15"}], closedOn: [holiday]}
                    - {id: nights, hours: [{days: [sat], from: "18:00", to: "24:00"}], closedOn: []}
                  groups:
                    - {id: staff, kinds: [staff], sites: [lincoln], schedule: staff-hours}
                    - {id: responders, kinds: [first_responder], sites: [lincoln, adams], schedule: always}
                    - {id: coaches, people: [p-17], schools: [lincoln], zones: [gym], doors: [front], schedule: nights}
                  doorSchedules:
                    - {id: main-morning, doors: [front], schedule: morning}
                    - {id: gym-nights, zones: [gym], schedule: nights}
                  cardAndPin: [{doors: [office], schedule: always}]
                  sites: [{site: lincoln, lockdownEntryKinds: [first_responder, staff]}]
                """), "t", OSDP, Map.of(), dir);
        AccessConfig a = c.access();
        assertThat(a.pinTimeoutSeconds()).isEqualTo(15);
        assertThat(a.schedules()).extracting(AccessConfig.Schedule::id).containsExactly("staff-hours", "morning", "nights");
        assertThat(a.schedules().get(0).closedOn()).containsExactly("holiday", "break");
        assertThat(a.schedules().get(2).closedOn()).isEmpty();
        assertThat(a.doorSchedules().get(1).zones()).containsExactly("gym");
        assertThat(a.sites().get(0).secureExteriorKinds()).containsExactly("staff");
        assertThat(c.sites().get(0).timeZone()).isEqualTo("America/Chicago");
        assertThat(c.sites().get(1).timeZone()).isEqualTo("UTC");
        assertThat(c.siteZones()).containsEntry("lincoln", java.time.ZoneId.of("America/Chicago")).containsEntry("adams", java.time.ZoneId.of("UTC"));
    }

    @Test
    void absentMeansNoAccessRules() {
        AccessConfig a = ConfigLoader.parse(site(""), "t", OSDP, Map.of(), dir).access();
        assertThat(a.pinTimeoutSeconds()).isEqualTo(AccessConfig.DEFAULT_PIN_TIMEOUT_SECONDS);
        assertThat(a.groups()).isEmpty();
        assertThat(a.doorSchedules()).isEmpty();
    }

    @Test
    void aTimeZoneMustBeAnIanaId() {
        assertThat(problems(site("").replace("America/Chicago", "America/Chicgo")))
                .containsExactly("sites[0].timeZone: 'America/Chicgo' is not an IANA time zone id (e.g. America/Chicago, Europe/Berlin, UTC)");
        assertThat(problems(site("").replace("America/Chicago", "\"+05:00\""))).singleElement().asString().startsWith("sites[0].timeZone: '+05:00'");
    }

    @Test
    void scheduleProblemsNameTheirPath() {
        assertThat(problems(site("""
                access:
                  pinTimeoutSeconds: 2
                  schedules:
                    - {id: always, hours: [{days: [mon], from: "07:00", to: "08:00"}]}
                    - id: a
                      hours:
                        - {days: [monday], from: "7:30", to: "24:01"}
                        - {days: [mon], from: "17:00", to: "07:00"}
                        - {from: "07:00", to: "08:00"}
                      earlyRelease: [{days: [wed], from: "07:00", to: "12:00"}]
                      closedOn: [holiday, early_release]
                    - {id: a, hours: []}
                    - {id: B, hours: []}
                """))).containsExactly(
                "access.pinTimeoutSeconds: must be between 3 and 60, not 2",
                "access.schedules[0].id: 'always' is built in (open every minute of every day, holidays too); choose another id",
                "access.schedules[1].hours[0].days[0]: 'monday' is not a day: mon, tue, wed, thu, fri, sat, sun",
                "access.schedules[1].hours[0].from: '7:30' is not a time of day: HH:mm, 00:00 to 24:00",
                "access.schedules[1].hours[0].to: '24:01' is not a time of day: HH:mm, 00:00 to 24:00",
                "access.schedules[1].hours[1]: from 17:00 must be before to 07:00",
                "access.schedules[1].hours[2].days: missing (mon, tue, wed, thu, fri, sat, sun)",
                "access.schedules[1].earlyRelease[0].days: early-release hours have no days (the calendar says which days)",
                "access.schedules[1].closedOn[1]: 'early_release' is not a calendar day kind that closes (allowed: holiday, break)",
                "access.schedules[2].id: duplicate schedule id 'a' (also access.schedules[1])",
                "access.schedules[3].id: 'B' is not a valid id: lower-case letters, digits, '-', '_' and '.', starting with a letter or digit");
    }

    @Test
    void referenceProblemsNameTheirPath() {
        assertThat(problems(site("""
                access:
                  schedules: [{id: a, hours: [{days: [mon], from: "07:00", to: "08:00"}]}, {id: b, hours: []}]
                  groups:
                    - {id: g1, kinds: [staff], doors: [front], schedule: a}
                    - {id: g1, kinds: [teacher], doors: [back], zones: [annex], sites: [jefferson], schedule: a}
                    - {id: g3, schedule: x}
                    - {id: g4, kinds: [staff], doors: [front]}
                  doorSchedules:
                    - {id: morning, zones: [main], schedule: a}
                    - {id: late, doors: [gym-east, office], schedule: b}
                    - {id: morning, doors: [nowhere], schedule: c}
                    - {id: empty, schedule: a}
                  cardAndPin: [{doors: [front, back], zones: [annex], schedule: x}]
                  sites:
                    - {site: lincoln, lockdownEntryKinds: [police]}
                    - {site: lincoln, secureExteriorKinds: [student]}
                    - {site: jefferson}
                """))).containsExactly(
                "access.groups[1].id: duplicate group id 'g1' (also access.groups[0])",
                "access.groups[1].kinds[0]: unknown kind 'teacher': must be staff, student, visitor, contractor or first_responder",
                "access.groups[1].doors[0]: no door 'back'",
                "access.groups[1].zones[0]: no zone 'annex'",
                "access.groups[1].sites[0]: no site 'jefferson'",
                "access.groups[2].schedule: no schedule 'x' (schedules: always, a, b)",
                "access.groups[2]: names no one: give kinds, schools or people",
                "access.groups[2]: opens nothing: give doors, zones or sites",
                "access.groups[3].schedule: missing",
                "access.doorSchedules[1].doors[1]: door 'office' is already in door schedule 'morning' (access.doorSchedules[0]); a door follows one door schedule",
                "access.doorSchedules[2].id: duplicate door schedule id 'morning' (also access.doorSchedules[0])",
                "access.doorSchedules[2].schedule: no schedule 'c' (schedules: always, a, b)",
                "access.doorSchedules[2].doors[0]: no door 'nowhere'",
                "access.doorSchedules[3]: unlocks nothing: give doors or zones",
                "access.cardAndPin[0].doors[1]: no door 'back'",
                "access.cardAndPin[0].zones[0]: no zone 'annex'",
                "access.cardAndPin[0].schedule: no schedule 'x' (schedules: always, a, b)",
                "access.sites[0].lockdownEntryKinds[0]: unknown kind 'police': must be staff, student, visitor, contractor or first_responder",
                "access.sites[1].site: site 'lincoln' has rules already (access.sites[0])",
                "access.sites[2].site: no site 'jefferson'");
    }

    @Test
    void aDoorInTwoDoorSchedulesThroughItsZoneIsNamed() {
        assertThat(problems(site("""
                access:
                  doorSchedules:
                    - {id: front-only, doors: [front], schedule: always}
                    - {id: whole-main, zones: [main], schedule: always}
                """))).containsExactly(
                "access.doorSchedules[1].zones[0]: door 'front' is already in door schedule 'front-only' (access.doorSchedules[0]); a door follows one door schedule");
    }

    @Test
    void unknownKeysAndWrongShapesAreNamed() {
        assertThatThrownBy(() -> ConfigLoader.parse(site("access: {groups: [{id: g, kind: [staff]}], pinTimeoutSeconds: ten}\n"),
                "bad.yaml", OSDP, Map.of(), dir)).hasMessageContaining("access.groups[0].kind: unknown key")
                .hasMessageContaining("access.pinTimeoutSeconds: must be a whole number");
    }
}
