package io.warden.gateway.people;

import static io.warden.gateway.people.ImportFixtures.apply;
import static io.warden.gateway.people.ImportFixtures.directory;
import static io.warden.gateway.people.ImportFixtures.fixture;
import static io.warden.gateway.people.ImportFixtures.ids;
import static io.warden.gateway.people.ImportFixtures.oneRoster;
import static io.warden.gateway.people.ImportFixtures.person;
import static io.warden.gateway.people.ImportFixtures.resource;
import static io.warden.gateway.people.ImportFixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeopleImportOneRosterTest {

    private static Map<String, byte[]> v11() {
        return fixture("v11", "users.csv", "orgs.csv", "enrollments.csv");
    }

    private static Map<String, byte[]> v12() {
        return fixture("v12", "users.csv", "orgs.csv", "roles.csv");
    }

    private static Person get(Directory d, String id) {
        return d.person(id).orElseThrow(() -> new AssertionError("no " + id));
    }

    @Test
    void v11PeopleGetTheirKindNameSisIdAndSchools() {
        ImportPlan plan = oneRoster(Directory.EMPTY, v11(), true);
        assertTrue(plan.report().problems().isEmpty(), () -> plan.report().problems().toString());
        assertEquals(List.of("u-100", "u-200", "u-201", "u-400"), ids(plan.report().added()));
        assertEquals(1, plan.report().skipped(), "the guardian is counted");
        Directory d = apply(Directory.EMPTY, plan);

        Person ana = get(d, "u-100");
        assertEquals("Ana Lopez", ana.name());
        assertEquals(PersonKind.STAFF, ana.kind());
        assertEquals("T100", ana.sisId(), "identifier");
        assertEquals(List.of("s-lincoln", "s-roosevelt"), ana.schools(), "the district is not a school; the enrollment adds one");
        assertEquals(PersonStatus.ACTIVE, ana.status());
        assertEquals("oneroster", ana.source());

        Person ben = get(d, "u-200");
        assertEquals(PersonKind.STUDENT, ben.kind());
        assertEquals("200201", ben.sisId(), "no identifier: the SIS entry of userIds");
        assertEquals(List.of("s-lincoln"), ben.schools());
        assertNull(ben.validUntil());
        assertNull(ben.pinHash());

        Person carla = get(d, "u-201");
        assertEquals("Carla D\"Angelo, Jr.", carla.name(), "quoted field with a comma and a doubled quote");
        assertEquals(PersonStatus.SUSPENDED, carla.status(), "enabledUser=false");

        Person eve = get(d, "u-400");
        assertEquals(PersonKind.STAFF, eve.kind(), "administrator");
        assertEquals(List.of(), eve.schools(), "a district administrator has no school");
    }

    @Test
    void aGuardianIsNotImported() {
        Directory d = apply(Directory.EMPTY, oneRoster(Directory.EMPTY, v11(), true));
        assertTrue(d.person("g-300").isEmpty());
        assertEquals(4, d.people().size());
    }

    @Test
    void v12IsToldByItsHeaderAndTakesRolesFromRolesCsv() {
        ImportPlan plan = oneRoster(Directory.EMPTY, v12(), true);
        assertTrue(plan.report().problems().isEmpty(), () -> plan.report().problems().toString());
        assertEquals(List.of("u-100", "u-200", "u-500", "u-600"), ids(plan.report().added()));
        assertEquals(1, plan.report().skipped(), "the guardian");
        Directory d = apply(Directory.EMPTY, plan);

        Person ana = get(d, "u-100");
        assertEquals(PersonKind.STAFF, ana.kind());
        assertEquals(List.of("s-lincoln"), ana.schools(), "the district role adds no school");
        Person ben = get(d, "u-200");
        assertEquals("Ben Kim", ben.name(), "the preferred first name");
        assertEquals(PersonKind.STUDENT, ben.kind());
        assertEquals("200201", ben.sisId());
        Person frank = get(d, "u-500");
        assertEquals(PersonKind.STAFF, frank.kind(), "primary principal; the secondary parent role does not matter");
        assertEquals(List.of("s-lincoln", "s-roosevelt"), frank.schools(), "schools of every role row");
        assertEquals(PersonStatus.SUSPENDED, get(d, "u-600").status(), "status tobedeleted");
    }

    @Test
    void v12WithoutRolesCsvIsAProblem() {
        ImportPlan plan = oneRoster(Directory.EMPTY, fixture("v12", "users.csv", "orgs.csv"), true);
        assertEquals(List.of(new ImportProblem("roles.csv", 0, null, "missing: users.csv is OneRoster 1.2, whose roles are in roles.csv")),
                plan.report().problems());
        assertTrue(plan.changes().isEmpty());
    }

    @Test
    void aV12UserWithoutARoleIsAProblemOnItsLine() {
        Map<String, byte[]> files = v12();
        files.put("roles.csv", utf8("sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId\n"
                + "r-1,,,u-100,primary,teacher,,,s-lincoln,\n"));
        List<ImportProblem> problems = oneRoster(Directory.EMPTY, files, true).report().problems();
        assertEquals(new ImportProblem("users.csv", 3, "sourcedId", "user 'u-200' has no role in roles.csv"), problems.get(0));
        assertEquals(4, problems.size(), () -> problems.toString());
    }

    @Test
    void reImportingTheSameFilesChangesNothing() {
        for (Map<String, byte[]> files : List.of(v11(), v12())) {
            Directory d = apply(Directory.EMPTY, oneRoster(Directory.EMPTY, files, true));
            ImportPlan again = oneRoster(d, files, true);
            assertTrue(again.report().changesNothing(), () -> again.report().toString());
            assertTrue(again.changes().isEmpty());
            assertEquals(d.people().size(), again.report().unchanged());
            assertEquals(d.version(), again.baseVersion());
        }
    }

    @Test
    void aFullSyncSuspendsTheMissingAndOnlyPeopleOfTheSis() {
        Directory d = directory(
                person("u-gone", PersonKind.STUDENT, "oneroster", PersonStatus.ACTIVE),
                person("v-1", PersonKind.VISITOR, "csv", PersonStatus.ACTIVE),
                person("u-old", PersonKind.STAFF, "oneroster", PersonStatus.SUSPENDED));
        ImportPlan plan = oneRoster(d, v11(), true);
        assertEquals(List.of("u-gone"), ids(plan.report().suspended()));
        assertEquals(List.of("status"), plan.report().suspended().get(0).fields());
        Directory after = apply(d, plan);
        assertEquals(PersonStatus.SUSPENDED, get(after, "u-gone").status(), "suspended, not deleted");
        assertEquals(PersonStatus.ACTIVE, get(after, "v-1").status(), "a visitor is not the SIS's");
    }

    @Test
    void withoutFullSyncTheMissingStay() {
        Directory d = directory(person("u-gone", PersonKind.STUDENT, "oneroster", PersonStatus.ACTIVE));
        ImportPlan plan = oneRoster(d, v11(), false);
        assertTrue(plan.report().suspended().isEmpty());
        assertEquals(PersonStatus.ACTIVE, get(apply(d, plan), "u-gone").status());
    }

    @Test
    void aSuspendedPersonWhoReappearsActiveIsReactivated() {
        Directory d = apply(Directory.EMPTY, oneRoster(Directory.EMPTY, v11(), true));
        Person ben = get(d, "u-200");
        d = d.with(new DirectoryChanges(List.of(ImportDiff.withStatus(ben, PersonStatus.SUSPENDED)), null, null));
        ImportPlan plan = oneRoster(d, v11(), true);
        assertEquals(List.of(new ImportReport.Change("u-200", "Ben Kim", List.of("status"))), plan.report().changed());
        assertEquals(PersonStatus.ACTIVE, get(apply(d, plan), "u-200").status());
    }

    @Test
    void aChangeNamesTheFieldsThatDifferAndKeepsWhatTheSisDoesNotCarry() {
        Directory d = apply(Directory.EMPTY, oneRoster(Directory.EMPTY, v11(), true));
        Person ana = get(d, "u-100");
        Person withExtras = new Person(ana.id(), ana.name(), ana.kind(), ana.sisId(), ana.schools(), ana.status(),
                ImportFixtures.NOW, null, true, "pbkdf2-sha256$1$aa$bb", ana.source());
        d = d.with(new DirectoryChanges(List.of(withExtras), null, null));
        Map<String, byte[]> files = v11();
        files.put("users.csv", new String(resource("v11", "users.csv"), java.nio.charset.StandardCharsets.UTF_8)
                .replace("Ana,Lopez", "Ana,Lopez-Reyes").replace("\"d-maple,s-lincoln\"", "d-maple").getBytes());
        ImportPlan plan = oneRoster(d, files, true);
        assertEquals(List.of(new ImportReport.Change("u-100", "Ana Lopez-Reyes", List.of("name", "schools"))), plan.report().changed());
        Person after = get(apply(d, plan), "u-100");
        assertEquals(List.of("s-roosevelt"), after.schools());
        assertTrue(after.lockdownEntry(), "lockdown entry is not the SIS's");
        assertEquals("pbkdf2-sha256$1$aa$bb", after.pinHash(), "the PIN stays");
        assertEquals(ImportFixtures.NOW, after.validFrom());
    }

    @Test
    void anEnabledUserThatGoesFalseIsReportedSuspended() {
        Directory d = apply(Directory.EMPTY, oneRoster(Directory.EMPTY, v11(), true));
        Map<String, byte[]> files = v11();
        files.put("users.csv", new String(resource("v11", "users.csv"), java.nio.charset.StandardCharsets.UTF_8)
                .replace("u-200,,,true", "u-200,,,false").getBytes());
        ImportPlan plan = oneRoster(d, files, true);
        assertEquals(List.of(new ImportReport.Change("u-200", "Ben Kim", List.of("status"))), plan.report().suspended());
        assertTrue(plan.report().changed().isEmpty());
    }

    @Test
    void withoutOrgsCsvEveryOrgIsKeptAsGiven() {
        Directory d = apply(Directory.EMPTY, oneRoster(Directory.EMPTY, fixture("v11", "users.csv"), true));
        assertEquals(List.of("d-maple", "s-lincoln"), get(d, "u-100").schools());
    }

    @Test
    void anOrgNotInOrgsCsvIsAProblem() {
        Map<String, byte[]> files = v11();
        files.put("enrollments.csv", utf8("sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\n"
                + "e-1,,,c-1,s-nowhere,u-100,teacher,,,\n"));
        assertEquals(List.of(new ImportProblem("enrollments.csv", 2, "schoolSourcedId", "org 's-nowhere' is not in orgs.csv")),
                oneRoster(Directory.EMPTY, files, true).report().problems());
    }

    @Test
    void badEnumerationsAreProblemsAtTheirLineAndColumn() {
        String users = "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName\n"
                + "u-1,,,yes,s-1,student,,,A,B\n"
                + "u-2,,,true,s-1,Student,,,A,B\n"
                + "u-3,inactive,,true,s-1,student,,,A,B\n"
                + "u-4,,,true,s-1,student,,{SIS-4},A,B\n";
        List<ImportProblem> problems = oneRoster(Directory.EMPTY, Map.of("users.csv", utf8(users)), true).report().problems();
        assertEquals(List.of("2 enabledUser", "3 role", "4 status", "5 userIds"),
                problems.stream().map(p -> p.line() + " " + p.column()).toList(), problems::toString);
    }

    @Test
    void extensionRolesAreSkippedLikeGuardians() {
        String users = "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName\n"
                + "u-1,,,true,s-1,ext:volunteer,,,A,B\nu-2,,,true,s-1,relative,,,C,D\nu-3,,,true,s-1,aide,,,E,F\n";
        ImportPlan plan = oneRoster(Directory.EMPTY, Map.of("users.csv", utf8(users)), true);
        assertEquals(2, plan.report().skipped());
        assertEquals(List.of("u-3"), ids(plan.report().added()));
    }

    @Test
    void aPersonFromAnotherSourceIsNotTakenOver() {
        Directory d = directory(person("u-200", PersonKind.VISITOR, "csv", PersonStatus.ACTIVE));
        List<ImportProblem> problems = oneRoster(d, v11(), true).report().problems();
        assertEquals(1, problems.size());
        assertEquals(List.of("users.csv 3 sourcedId"), problems.stream().map(p -> p.file() + " " + p.line() + " " + p.column()).toList());
        assertTrue(problems.get(0).message().contains("from csv"), problems.get(0).message());
    }

    @Test
    void usersCsvIsRequired() {
        ImportPlan plan = oneRoster(Directory.EMPTY, fixture("v11", "orgs.csv"), true);
        assertEquals("users.csv", plan.report().problems().get(0).file());
        assertFalse(plan.report().problems().isEmpty());
    }

    @Test
    void rowsBeingDeletedInRolesAndEnrollmentsAreIgnored() {
        Map<String, byte[]> files = v12();
        files.put("roles.csv", utf8(new String(resource("v12", "roles.csv"), java.nio.charset.StandardCharsets.UTF_8)
                + "r-8,tobedeleted,2026-08-01,u-200,primary,teacher,,,s-roosevelt,\n"));
        files.put("enrollments.csv", utf8("sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\n"
                + "e-1,tobedeleted,2026-08-01,c-1,s-roosevelt,u-200,student,,,\n"));
        Person ben = get(apply(Directory.EMPTY, oneRoster(Directory.EMPTY, files, true)), "u-200");
        assertEquals(PersonKind.STUDENT, ben.kind());
        assertEquals(List.of("s-lincoln"), ben.schools());
    }

    @Test
    void aHeaderThatIsNeither11Nor12LacksTheRoleColumn() {
        String users = "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,username,givenName,familyName\nu-1,,,true,s,x,A,B\n";
        assertEquals(List.of(new ImportProblem("users.csv", 1, "role", "required column 'role' is missing from the header")),
                oneRoster(Directory.EMPTY, Map.of("users.csv", utf8(users)), true).report().problems());
    }

    @Test
    void aDeltaUsersFileIsNeverAFullSyncThatWouldSuspendEveryoneItDoesNotName() {
        Directory d = apply(Directory.EMPTY, oneRoster(Directory.EMPTY, v11(), true));
        String users = new String(resource("v11", "users.csv"), java.nio.charset.StandardCharsets.UTF_8).lines().limit(2)
                .map(l -> l + "\n").reduce("", String::concat);
        Map<String, byte[]> delta = Map.of("users.csv", utf8(users),
                "manifest.csv", utf8("propertyName,value\nmanifest.version,1.0\noneroster.version,1.1\nfile.users,delta\n"));

        ImportPlan full = oneRoster(d, delta, true);
        assertEquals(1, full.report().problems().size(), () -> full.report().problems().toString());
        ImportProblem p = full.report().problems().get(0);
        assertEquals("manifest.csv", p.file());
        assertEquals(4, p.line());
        assertEquals("value", p.column());
        assertTrue(p.message().contains("delta"), p.message());
        assertTrue(full.report().suspended().isEmpty());

        ImportPlan partial = oneRoster(d, delta, false);
        assertTrue(partial.report().problems().isEmpty(), () -> partial.report().problems().toString());
        assertTrue(partial.report().suspended().isEmpty());
        Map<String, byte[]> bulk = Map.of("users.csv", utf8(users), "manifest.csv", utf8("propertyName,value\nfile.users,bulk\n"));
        assertEquals(List.of("u-200", "u-400"), ids(oneRoster(d, bulk, true).report().suspended()), "a bulk file is the whole roster (u-201 was suspended already)");
    }
}
