package io.warden.gateway.people;

import java.util.List;

/**
 * What an import would do (dry run) or did.
 *
 * @param added      people new to the directory
 * @param changed    people whose record changes; {@link Change#fields()} names what: {@link Person}'s component
 *                   names ({@code name}, {@code kind}, {@code sisId}, {@code schools}, {@code status}, {@code validFrom},
 *                   {@code validUntil}, {@code lockdownEntry}) and {@code cards} when cards are added
 * @param suspended  people this import suspends (never deletes): missing from a full sync, or, in OneRoster files,
 *                   {@code enabledUser=false} / {@code status=tobedeleted}; their fields as for {@code changed}
 * @param unchanged  how many rows matched the directory exactly
 * @param skipped    rows not imported because Warden keeps no such people (OneRoster guardians, parents,
 *                   relatives and other roles that are neither staff nor students): counted, never stored
 * @param problems   bad rows and files; when not empty nothing was (or would be) applied
 * @param applied    true when the changes were written
 */
public record ImportReport(String format, List<Change> added, List<Change> changed, List<Change> suspended, int unchanged,
                           int skipped, List<ImportProblem> problems, boolean applied) {

    /** One person's change: id, name, and for a change the fields that differ (e.g. {@code schools}, {@code status}). */
    public record Change(String personId, String name, List<String> fields) {
        public Change {
            fields = fields == null ? List.of() : List.copyOf(fields);
        }
    }

    public ImportReport {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        suspended = List.copyOf(suspended);
        problems = List.copyOf(problems);
    }

    /** A report with nothing skipped (formats that skip no rows). */
    public ImportReport(String format, List<Change> added, List<Change> changed, List<Change> suspended, int unchanged,
                        List<ImportProblem> problems, boolean applied) {
        this(format, added, changed, suspended, unchanged, 0, problems, applied);
    }

    /** This report once its changes are written. */
    public ImportReport asApplied() {
        return new ImportReport(format, added, changed, suspended, unchanged, skipped, problems, true);
    }

    public boolean changesNothing() {
        return added.isEmpty() && changed.isEmpty() && suspended.isEmpty();
    }
}
