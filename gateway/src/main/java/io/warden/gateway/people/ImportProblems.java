package io.warden.gateway.people;

import java.util.ArrayList;
import java.util.List;

/**
 * The problems an import finds, in the order found. Keeps the first {@value #CAP}; the rest are
 * counted and shown as one closing "and N more" problem, so a wrong file cannot flood a report.
 */
final class ImportProblems {
    static final int CAP = 1000;

    private final List<ImportProblem> kept = new ArrayList<>();
    private int dropped;
    private String firstDroppedFile;

    void add(String file, int line, String column, String message) {
        if (kept.size() < CAP) {
            kept.add(new ImportProblem(file, line, column, message));
        } else {
            if (dropped == 0) firstDroppedFile = file;
            dropped++;
        }
    }

    boolean isEmpty() {
        return kept.isEmpty();
    }

    /** How many problems were found, including those not kept. */
    int count() {
        return kept.size() + dropped;
    }

    /** The kept problems and, when some were dropped, one more saying how many. */
    List<ImportProblem> list() {
        if (dropped == 0) return List.copyOf(kept);
        List<ImportProblem> all = new ArrayList<>(kept);
        all.add(new ImportProblem(firstDroppedFile, 0, null, "and " + dropped + " more problems (the first " + CAP + " are shown)"));
        return all;
    }
}
