package io.warden.gateway.people;

import java.time.Instant;

/**
 * Parses an import's files (OneRoster 1.1 / 1.2 CSV, or the plain CSV) and works out what it changes
 * in {@code current}. Pure: no I/O, no clock but {@code now}.
 * STUB: signatures fixed, bodies to be written (issue 9).
 */
public final class PeopleImport {
    private PeopleImport() {}

    /**
     * The plan for {@code request} against {@code current}: the report (with every problem found, by
     * file, line and column) and the changes that carry it out (empty when there are problems).
     */
    public static ImportPlan plan(Directory current, ImportRequest request, Instant now) {
        throw new UnsupportedOperationException("stub");
    }
}
