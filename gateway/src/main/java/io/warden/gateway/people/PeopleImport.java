package io.warden.gateway.people;

import java.time.Instant;
import java.util.List;

/**
 * Parses an import's files (OneRoster 1.1 / 1.2 CSV, or the plain CSV) and works out what it changes
 * in {@code current}. Pure: no I/O, no clock but {@code now}.
 * <p>
 * Both formats follow the same file rules (see {@code CsvTable}): UTF-8 with or without a byte-order
 * mark, RFC 4180 quoting, case-sensitive header names, unknown columns ignored. Every problem found is
 * reported with its file, line and column (the first 1000, then "and N more"); a plan with any problem
 * changes nothing, never half a file. Nobody is ever deleted: a full sync suspends the people of the
 * import's source ({@code oneroster} or {@code csv}) that the files leave out, and reactivates those who
 * come back. Planning the same files again against the result plans no change at all.
 *
 * @see OneRosterImport the OneRoster mapping
 * @see PlainCsvImport the plain CSV's columns
 */
public final class PeopleImport {
    private PeopleImport() {}

    /**
     * The plan for {@code request} against {@code current}: the report (with every problem found, by
     * file, line and column) and the changes that carry it out (empty when there are problems).
     * {@code now} is not needed by today's rules (validity windows are kept as given, even when past).
     */
    public static ImportPlan plan(Directory current, ImportRequest request, Instant now) {
        ImportProblems problems = new ImportProblems();
        ImportPlan plan = switch (String.valueOf(request.format())) {
            case OneRosterImport.FORMAT -> OneRosterImport.plan(current, request, problems);
            case PlainCsvImport.FORMAT -> PlainCsvImport.plan(current, request, problems);
            default -> {
                problems.add("", 0, null, "unknown import format '" + request.format() + "': must be oneroster or csv");
                yield null;
            }
        };
        if (plan != null && problems.isEmpty()) return plan;
        ImportReport report = new ImportReport(request.format(), List.of(), List.of(), List.of(), 0, 0,
                problems.list(), false);
        return new ImportPlan(report, new DirectoryChanges(null, null, null), current.version());
    }
}
