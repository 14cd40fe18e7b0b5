package io.warden.gateway.people;

import static io.warden.gateway.people.ImportFixtures.apply;
import static io.warden.gateway.people.ImportFixtures.csv;
import static io.warden.gateway.people.ImportFixtures.directory;
import static io.warden.gateway.people.ImportFixtures.ids;
import static io.warden.gateway.people.ImportFixtures.person;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeopleImportPlainCsvTest {
    private static final String HEADER = "id,name,kind,schools,cards,valid_from,valid_until,lockdown_entry\n";

    private static Person get(Directory d, String id) {
        return d.person(id).orElseThrow(() -> new AssertionError("no " + id));
    }

    private static List<String> where(ImportPlan plan) {
        return plan.report().problems().stream().map(p -> p.line() + " " + p.column()).toList();
    }

    @Test
    void plainDatesAreDaysOnTheDistrictsClocks() {
        ImportRequest chicago = new ImportRequest("csv", Map.of("people.csv",
                (HEADER + "v-1,Pat Visitor,visitor,,,2026-03-02,2026-03-02,false\n").getBytes(StandardCharsets.UTF_8)), false, false,
                ZoneId.of("America/Chicago"));
        Person pat = get(apply(Directory.EMPTY, PeopleImport.plan(Directory.EMPTY, chicago, Instant.EPOCH)), "v-1");
        assertEquals(Instant.parse("2026-03-02T06:00:00Z"), pat.validFrom(), "local midnight in Chicago (CST)");
        assertEquals(Instant.parse("2026-03-03T06:00:00Z"), pat.validUntil(), "the end of that local day");
        assertFalse(pat.validAt(Instant.parse("2026-03-02T05:59:59Z")), "the evening before, Chicago time");
    }

    @Test
    void newPeopleWithEveryColumn() {
        ImportPlan plan = csv(Directory.EMPTY, HEADER
                + "v-1,Pat Visitor,visitor,s-lincoln s-roosevelt,H10301:40:6789,2026-09-01,2026-09-30,false\n"
                + "fr-1,\"Chief Ruiz, Fire Dept.\",first_responder,,h10301:40:1 C1000:1234:567890,2026-09-01T07:00:00-05:00,,true\n", false);
        assertTrue(plan.report().problems().isEmpty(), () -> plan.report().problems().toString());
        assertEquals(List.of("v-1", "fr-1"), ids(plan.report().added()));
        Directory d = apply(Directory.EMPTY, plan);

        Person pat = get(d, "v-1");
        assertEquals(PersonKind.VISITOR, pat.kind());
        assertEquals(List.of("s-lincoln", "s-roosevelt"), pat.schools());
        assertEquals(Instant.parse("2026-09-01T00:00:00Z"), pat.validFrom(), "a date: the start of that day, UTC");
        assertEquals(Instant.parse("2026-10-01T00:00:00Z"), pat.validUntil(), "a date: until the end of that day, UTC");
        assertTrue(pat.validAt(Instant.parse("2026-09-30T23:59:59Z")));
        assertFalse(pat.validAt(Instant.parse("2026-10-01T00:00:00Z")));
        assertEquals("csv", pat.source());
        assertEquals(PersonStatus.ACTIVE, pat.status());
        assertEquals(List.of(new Card("H10301:40:6789", "v-1", CardStatus.ACTIVE)), d.cardsOf("v-1"));

        Person chief = get(d, "fr-1");
        assertEquals("Chief Ruiz, Fire Dept.", chief.name());
        assertEquals(PersonKind.FIRST_RESPONDER, chief.kind());
        assertTrue(chief.lockdownEntry());
        assertEquals(Instant.parse("2026-09-01T12:00:00Z"), chief.validFrom());
        assertNull(chief.validUntil());
        assertEquals(List.of("H10301:40:1", "C1000:1234:567890"), d.cardsOf("fr-1").stream().map(Card::id).toList(),
                "card ids in canonical form");
    }

    @Test
    void onlyIdIsRequiredAndAbsentColumnsLeaveFieldsAlone() {
        Directory d = apply(Directory.EMPTY, csv(Directory.EMPTY, HEADER + "c-1,Sam Contractor,contractor,s-lincoln,,2026-09-01,2026-12-31,true\n", false));
        ImportPlan plan = csv(d, "id,cards\nc-1,H10301:12:345\n", false);
        assertEquals(List.of(new ImportReport.Change("c-1", "Sam Contractor", List.of("cards"))), plan.report().changed());
        Directory after = apply(d, plan);
        Person sam = get(after, "c-1");
        assertEquals(get(d, "c-1"), sam, "only a card was added");
        assertEquals(List.of("H10301:12:345"), after.cardsOf("c-1").stream().map(Card::id).toList());
    }

    @Test
    void anEmptyCellClearsAValidityBound() {
        Directory d = apply(Directory.EMPTY, csv(Directory.EMPTY, HEADER + "c-1,Sam,contractor,,,2026-09-01,2026-12-31,\n", false));
        ImportPlan plan = csv(d, "id,valid_until\nc-1,\n", false);
        assertEquals(List.of("validUntil"), plan.report().changed().get(0).fields());
        assertNull(get(apply(d, plan), "c-1").validUntil());
    }

    @Test
    void aNewPersonNeedsNameAndKind() {
        ImportPlan plan = csv(Directory.EMPTY, "id,name,kind\nv-1,,visitor\nv-2,Lee,\n", false);
        assertEquals(List.of("2 name", "3 kind"), where(plan));
        assertTrue(plan.changes().isEmpty());
    }

    @Test
    void badValuesAreProblemsAtTheirCell() {
        ImportPlan plan = csv(Directory.EMPTY, HEADER
                + "v-1,A,janitor,,,,,\n"
                + "v-2,B,visitor,,H10301:999:1,,,\n"
                + "v-3,C,visitor,,,2026-13-01,,\n"
                + "v-4,D,visitor,,,,soon,\n"
                + "v-5,E,visitor,,,,,yes\n"
                + "v-6,F,visitor,,,2026-09-02,2026-09-01,\n", false);
        assertEquals(List.of("2 kind", "3 cards", "4 valid_from", "5 valid_until", "6 lockdown_entry", "7 valid_until"), where(plan),
                () -> plan.report().problems().toString());
        assertTrue(plan.report().changesNothing());
        assertTrue(plan.changes().isEmpty());
    }

    @Test
    void aCardOfSomeoneElseIsAProblemOnThatCell() {
        Directory d = new Directory(List.of(person("s-1", PersonKind.STAFF, "csv", PersonStatus.ACTIVE)),
                List.of(new Card("H10301:40:6789", "s-1", CardStatus.ACTIVE)), List.of(), 3);
        ImportPlan plan = csv(d, "id,name,kind,cards\nv-1,Pat,visitor,H10301:40:6789\n", false);
        assertEquals(List.of(new ImportProblem("people.csv", 2, "cards", "card H10301:40:6789 belongs to s-1")), plan.report().problems());
    }

    @Test
    void oneCardGivenToTwoRowsIsAProblemOnTheSecond() {
        ImportPlan plan = csv(Directory.EMPTY, "id,name,kind,cards\nv-1,Pat,visitor,H10301:1:1\nv-2,Lee,visitor,H10301:1:1\n", false);
        assertEquals(List.of("3 cards"), where(plan));
    }

    @Test
    void aLostCardInTheFileStaysLost() {
        Directory d = new Directory(List.of(person("v-1", PersonKind.VISITOR, "csv", PersonStatus.ACTIVE)),
                List.of(new Card("H10301:1:1", "v-1", CardStatus.LOST)), List.of(), 3);
        ImportPlan plan = csv(d, "id,cards\nv-1,H10301:1:1\n", false);
        assertTrue(plan.report().changesNothing());
        assertTrue(plan.changes().isEmpty());
    }

    @Test
    void theSisOwnsNameKindAndSchoolsOfItsPeople() {
        Person kid = new Person("u-200", "Ben Kim", PersonKind.STUDENT, "200201", List.of("s-lincoln"), PersonStatus.ACTIVE,
                null, null, false, null, "oneroster");
        Directory d = directory(kid);
        ImportPlan plan = csv(d, "id,name,kind,schools,cards,lockdown_entry\nu-200,Benny Kim,staff,s-roosevelt,H10301:2:2,false\n", false);
        assertEquals(List.of("2 name", "2 kind", "2 schools"), where(plan));

        ImportPlan same = csv(d, "id,name,kind,schools,cards,valid_until\nu-200,Ben Kim,student,s-lincoln,H10301:2:2,2027-06-11\n", false);
        assertEquals(List.of(new ImportReport.Change("u-200", "Ben Kim", List.of("validUntil", "cards"))), same.report().changed());
        assertEquals("oneroster", get(apply(d, same), "u-200").source(), "still the SIS's");
    }

    @Test
    void reImportChangesNothing() {
        String file = HEADER + "v-1,Pat,visitor,s-1,H10301:40:6789,2026-09-01,2026-09-30,false\nc-1,Sam,contractor,,,,,true\n";
        Directory d = apply(Directory.EMPTY, csv(Directory.EMPTY, file, true));
        ImportPlan again = csv(d, file, true);
        assertTrue(again.report().changesNothing(), () -> again.report().toString());
        assertTrue(again.changes().isEmpty());
        assertEquals(2, again.report().unchanged());
    }

    @Test
    void fullSyncSuspendsMissingCsvPeopleAndReactivatesReturningOnes() {
        Directory d = directory(
                person("v-gone", PersonKind.VISITOR, "csv", PersonStatus.ACTIVE),
                person("v-back", PersonKind.VISITOR, "csv", PersonStatus.SUSPENDED),
                person("u-1", PersonKind.STUDENT, "oneroster", PersonStatus.ACTIVE),
                person("a-1", PersonKind.STAFF, "api", PersonStatus.ACTIVE));
        ImportPlan plan = csv(d, "id\nv-back\n", true);
        assertEquals(List.of("v-gone"), ids(plan.report().suspended()));
        assertEquals(List.of(new ImportReport.Change("v-back", "v-back Name", List.of("status"))), plan.report().changed());
        Directory after = apply(d, plan);
        assertEquals(PersonStatus.SUSPENDED, get(after, "v-gone").status());
        assertEquals(PersonStatus.ACTIVE, get(after, "v-back").status());
        assertEquals(PersonStatus.ACTIVE, get(after, "u-1").status());
        assertEquals(PersonStatus.ACTIVE, get(after, "a-1").status());
    }

    @Test
    void aFullSyncDoesNotReactivateSomeoneTheSisSuspended() {
        Directory d = directory(person("u-1", PersonKind.STUDENT, "oneroster", PersonStatus.SUSPENDED));
        ImportPlan plan = csv(d, "id,cards\nu-1,H10301:7:7\n", true);
        assertEquals(List.of(new ImportReport.Change("u-1", "u-1 Name", List.of("cards"))), plan.report().changed());
        assertEquals(PersonStatus.SUSPENDED, get(apply(d, plan), "u-1").status());
    }

    @Test
    void withoutFullSyncStatusIsLeftAlone() {
        Directory d = directory(person("v-back", PersonKind.VISITOR, "csv", PersonStatus.SUSPENDED),
                person("v-other", PersonKind.VISITOR, "csv", PersonStatus.ACTIVE));
        ImportPlan plan = csv(d, "id\nv-back\n", false);
        assertTrue(plan.report().changesNothing());
        assertEquals(1, plan.report().unchanged());
    }

    @Test
    void columnOrderDoesNotMatterAndUnknownColumnsAreIgnored() {
        ImportPlan plan = csv(Directory.EMPTY, "kind,id,name,badge_color\nvisitor,v-1,Pat,green\n", false);
        assertEquals(List.of("v-1"), ids(plan.report().added()));
    }

    @Test
    void oneFileOnly() {
        ImportPlan plan = PeopleImport.plan(Directory.EMPTY, new ImportRequest("csv",
                Map.of("a.csv", ImportFixtures.utf8("id\n")), false, false), ImportFixtures.NOW);
        assertEquals(List.of("0 null"), where(plan), "a header with no rows");
        ImportPlan two = PeopleImport.plan(Directory.EMPTY, new ImportRequest("csv",
                Map.of("a.csv", ImportFixtures.utf8("id\nx\n"), "b.csv", ImportFixtures.utf8("id\ny\n")), false, false), ImportFixtures.NOW);
        assertEquals(1, two.report().problems().size());
        assertTrue(two.report().problems().get(0).message().contains("exactly one file"));
    }
}
