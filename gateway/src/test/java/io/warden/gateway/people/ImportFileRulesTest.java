package io.warden.gateway.people;

import static io.warden.gateway.people.ImportFixtures.csv;
import static io.warden.gateway.people.ImportFixtures.oneRoster;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules every import file follows, whatever its format. */
class ImportFileRulesTest {
    private static final String V11 = "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName\n";

    private static List<ImportProblem> problems(ImportPlan plan) {
        assertTrue(plan.changes().isEmpty(), "a file with problems changes nothing");
        assertTrue(plan.report().changesNothing());
        return plan.report().problems();
    }

    @Test
    void aLeadingBomIsIgnored() {
        byte[] text = "id,name,kind\nv-1,Pat,visitor\n".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream withBom = new ByteArrayOutputStream();
        withBom.write(0xEF);
        withBom.write(0xBB);
        withBom.write(0xBF);
        withBom.writeBytes(text);
        ImportPlan plan = PeopleImport.plan(Directory.EMPTY, new ImportRequest("csv", Map.of("p.csv", withBom.toByteArray()), false, false),
                ImportFixtures.NOW);
        assertEquals(List.of(), plan.report().problems());
        assertEquals("v-1", plan.report().added().get(0).personId(), "the first header is 'id', not BOM+id");
    }

    @Test
    void quotedFieldsKeepCommasAndDoubledQuotes() {
        ImportPlan plan = csv(Directory.EMPTY, "id,name,kind\n\"v,1\",\"Pat \"\"The Plumber\"\", Jr.\",visitor\n", false);
        assertEquals(List.of(new ImportReport.Change("v,1", "Pat \"The Plumber\", Jr.", List.of())), plan.report().added());
    }

    @Test
    void crLfLineEndingsAndBlankLinesAreFine() {
        ImportPlan plan = csv(Directory.EMPTY, "id,name,kind\r\nv-1,Pat,visitor\r\n\r\nv-2,Lee,visitor\r\n", false);
        assertEquals(2, plan.report().added().size());
        ImportPlan bad = csv(Directory.EMPTY, "id,name,kind\r\nv-1,Pat,visitor\r\n\r\nv-1,Lee,visitor\r\n", false);
        assertEquals(4, problems(bad).get(0).line(), "lines count the blank one");
    }

    @Test
    void duplicateIdsAreAProblemOnTheSecondLine() {
        List<ImportProblem> p = problems(csv(Directory.EMPTY, "id,name,kind\nv-1,Pat,visitor\nv-2,Lee,visitor\nv-1,Pat,visitor\n", false));
        assertEquals(List.of(new ImportProblem("people.csv", 4, "id", "duplicate id 'v-1' (first on line 2)")), p);
        List<ImportProblem> roster = problems(oneRoster(Directory.EMPTY, Map.of("users.csv", ImportFixtures.utf8(V11
                + "u-1,,,true,s,student,,,A,B\nu-1,,,true,s,student,,,A,B\n")), true));
        assertEquals(List.of(new ImportProblem("users.csv", 3, "sourcedId", "duplicate sourcedId 'u-1' (first on line 2)")), roster);
    }

    @Test
    void aMissingRequiredColumnIsOneProblemOnLineOne() {
        List<ImportProblem> p = problems(oneRoster(Directory.EMPTY, Map.of("users.csv", ImportFixtures.utf8(
                "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName\nu-1,,,true,s,student,,,A\n")), true));
        assertEquals(List.of(new ImportProblem("users.csv", 1, "familyName", "required column 'familyName' is missing from the header")), p);
        assertEquals(List.of(new ImportProblem("people.csv", 1, "id", "required column 'id' is missing from the header")),
                problems(csv(Directory.EMPTY, "name,kind\nPat,visitor\n", false)));
    }

    @Test
    void headerNamesAreCaseSensitive() {
        List<ImportProblem> p = problems(csv(Directory.EMPTY, "ID,name,kind\nv-1,Pat,visitor\n", false));
        assertEquals("id", p.get(0).column());
    }

    @Test
    void aHeaderWithNoRowsIsAProblem() {
        assertEquals(List.of(new ImportProblem("users.csv", 0, null, "the file has a header but no rows")),
                problems(oneRoster(Directory.EMPTY, Map.of("users.csv", ImportFixtures.utf8(V11)), true)));
        assertEquals(List.of(new ImportProblem("people.csv", 0, null, "the file is empty: a header row is required")),
                problems(csv(Directory.EMPTY, "", false)));
        List<ImportProblem> both = problems(oneRoster(Directory.EMPTY, Map.of("orgs.csv", ImportFixtures.utf8("sourcedId,type\no-1,planet\n"),
                "users.csv", ImportFixtures.utf8(V11)), true));
        assertEquals(List.of("orgs.csv 2 type", "users.csv 0 null"), both.stream().map(p -> p.file() + " " + p.line() + " " + p.column()).toList(),
                "a problem in another file does not hide this one");
    }

    @Test
    void aLineBreakInsideAFieldIsAProblemAtItsLineAndColumn() {
        List<ImportProblem> p = problems(csv(Directory.EMPTY, "id,name,kind\nv-1,Pat,visitor\nv-2,\"Lee\nSmith\",visitor\nv-3,Kai,bogus\n", false));
        assertEquals(List.of(new ImportProblem("people.csv", 3, "name", "a line break inside a field is not allowed"),
                new ImportProblem("people.csv", 5, "kind",
                        "unknown kind 'bogus': must be staff, student, visitor, contractor or first_responder")), p,
                "the row after it still has its own line number");
    }

    @Test
    void aRowWithTheWrongNumberOfFieldsIsAProblem() {
        List<ImportProblem> p = problems(csv(Directory.EMPTY, "id,name,kind\nv-1,Pat,Smith,visitor\nv-2,Lee\n", false));
        assertEquals(List.of(2, 3), p.stream().map(ImportProblem::line).toList());
        assertTrue(p.get(0).message().contains("4 fields, the header 3"), p.get(0).message());
    }

    @Test
    void anUnclosedQuoteIsAProblem() {
        List<ImportProblem> p = problems(csv(Directory.EMPTY, "id,name,kind\nv-1,Pat,visitor\nv-2,\"Lee,visitor\n", false));
        assertEquals(1, p.size());
        assertEquals(3, p.get(0).line());
        assertTrue(p.get(0).message().startsWith("bad quoting"), p.get(0).message());
    }

    @Test
    void notUtf8IsAProblemNamingTheLine() {
        byte[] latin1 = "id,name,kind\nv-1,Jos\u00e9,visitor\n".getBytes(StandardCharsets.ISO_8859_1);
        List<ImportProblem> p = problems(PeopleImport.plan(Directory.EMPTY,
                new ImportRequest("csv", Map.of("p.csv", latin1), false, false), ImportFixtures.NOW));
        assertEquals(1, p.size());
        assertEquals(2, p.get(0).line());
        assertTrue(p.get(0).message().startsWith("not UTF-8: byte 0xE9"), p.get(0).message());
    }

    @Test
    void duplicateHeaderNamesAreAProblem() {
        List<ImportProblem> p = problems(csv(Directory.EMPTY, "id,name,name\nv-1,Pat,Pat\n", false));
        assertEquals(List.of(new ImportProblem("people.csv", 1, "name", "column 'name' appears twice in the header")), p);
    }

    @Test
    void problemsAreCappedAtAThousandAndTheRestCounted() {
        StringBuilder file = new StringBuilder("id,name,kind\n");
        for (int i = 0; i < 1500; i++) file.append("v-").append(i).append(",P,alien\n");
        List<ImportProblem> p = problems(csv(Directory.EMPTY, file.toString(), false));
        assertEquals(1001, p.size());
        assertEquals(2, p.get(0).line());
        assertEquals(new ImportProblem("people.csv", 0, null, "and 500 more problems (the first 1000 are shown)"), p.get(1000));
    }

    @Test
    void anUnknownFormatIsAProblem() {
        ImportPlan plan = PeopleImport.plan(Directory.EMPTY, new ImportRequest("ldif", Map.of(), false, false), ImportFixtures.NOW);
        assertEquals("unknown import format 'ldif': must be oneroster or csv", problems(plan).get(0).message());
        assertEquals("ldif", plan.report().format());
    }
}
