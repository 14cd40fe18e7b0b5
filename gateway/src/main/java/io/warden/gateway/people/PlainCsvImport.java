package io.warden.gateway.people;

import io.warden.adapter.api.CardNumber;
import io.warden.gateway.Rfc3339;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Warden's plain CSV, for the people the SIS does not know (visitors, contractors, first responders)
 * and for loading card numbers. Header columns, any order, only {@code id} required:
 * {@code id,name,kind,schools,cards,valid_from,valid_until,lockdown_entry}.
 * <ul>
 *   <li>A column the file does not have leaves that field of an existing person as it is. A new person
 *       needs {@code name} and {@code kind}; people created here have source {@code csv}.</li>
 *   <li>{@code kind}: staff, student, visitor, contractor or first_responder. An empty {@code name},
 *       {@code kind} or {@code lockdown_entry} cell leaves the field as it is (a new person: no lockdown
 *       entry); {@code lockdown_entry} is {@code true} or {@code false}.</li>
 *   <li>{@code schools} and {@code cards}: lists separated by spaces; an empty {@code schools} cell means
 *       none. Cards are canonical card ids ({@code H10301:40:6789}); each is added, active, to the row's
 *       person. A card already theirs is left as it is (a lost card stays lost), one that is someone
 *       else's is a problem. Cards are never taken away by an import.</li>
 *   <li>{@code valid_from}, {@code valid_until}: RFC 3339 ({@code 2026-09-01T07:00:00-05:00}) or a date, a day
 *       on the district's clocks ({@link ImportRequest#zone()}): {@code valid_from 2026-09-01} is from local
 *       midnight that day, {@code valid_until 2026-09-30} until the end of that day (local midnight of
 *       2026-10-01, not included). An empty cell: no bound.</li>
 *   <li>The SIS owns the name, kind and schools of people whose source is {@code oneroster}: a different
 *       value in one of those cells is a problem. Their validity, lockdown entry and cards may be set here.</li>
 *   <li>Status: a full sync makes the {@code csv} people it lists active (reactivating a suspended one) and
 *       suspends those it does not list; otherwise, and for people of other sources, status is left as it is.</li>
 * </ul>
 */
final class PlainCsvImport {
    static final String FORMAT = "csv";
    private static final String SIS = OneRosterImport.FORMAT;

    private PlainCsvImport() {}

    static ImportPlan plan(Directory current, ImportRequest request, ImportProblems problems) {
        if (request.files().size() != 1) {
            problems.add(String.join(",", new TreeSet<>(request.files().keySet())), 0, null,
                    "a plain CSV import takes exactly one file, not " + request.files().size());
            return null;
        }
        Map.Entry<String, byte[]> only = request.files().entrySet().iterator().next();
        String file = only.getKey();
        CsvTable t = CsvTable.read(file, only.getValue(), problems);
        if (t == null || !t.require(problems, "id")) return null;
        Columns c = new Columns(t);
        Map<String, Integer> seen = new HashMap<>();
        Map<String, String> cardsInFile = new HashMap<>();
        List<ImportDiff.Wanted> wanted = new ArrayList<>();
        for (CsvTable.Row row : t.rows) {
            Cells cells = new Cells(file, row, problems, request.zone());
            String id = CsvTable.value(row, c.id);
            if (id.isEmpty() || id.chars().anyMatch(Character::isWhitespace)) {
                cells.problem("id", id.isEmpty() ? "empty id" : "id '" + id + "' must not contain spaces");
                continue;
            }
            Integer first = seen.putIfAbsent(id, row.line());
            if (first != null) {
                cells.problem("id", "duplicate id '" + id + "' (first on line " + first + ")");
                continue;
            }
            Person old = current.person(id).orElse(null);
            boolean sis = old != null && old.source().equals(SIS);

            String name = CsvTable.value(row, c.name);
            if (name.isEmpty()) name = old == null ? null : old.name();
            if (name == null) cells.problem("name", "a new person needs a name");
            else if (sis && !name.equals(old.name())) cells.sisOwns("name", id);

            PersonKind kind = old == null ? null : old.kind();
            String kindCell = CsvTable.value(row, c.kind);
            if (!kindCell.isEmpty()) {
                try {
                    kind = PersonKind.parse(kindCell);
                    if (sis && kind != old.kind()) cells.sisOwns("kind", id);
                } catch (IllegalArgumentException e) {
                    cells.problem("kind", e.getMessage());
                }
            } else if (kind == null) {
                cells.problem("kind", "a new person needs a kind: staff, student, visitor, contractor or first_responder");
            }

            List<String> schools = old == null ? List.of() : old.schools();
            if (c.schools >= 0) {
                schools = List.copyOf(new TreeSet<>(words(CsvTable.value(row, c.schools))));
                if (sis && !Set.copyOf(schools).equals(Set.copyOf(old.schools()))) cells.sisOwns("schools", id);
            }

            Instant from = c.validFrom < 0 ? (old == null ? null : old.validFrom()) : cells.time("valid_from", CsvTable.value(row, c.validFrom), false);
            Instant until = c.validUntil < 0 ? (old == null ? null : old.validUntil()) : cells.time("valid_until", CsvTable.value(row, c.validUntil), true);
            if (from != null && until != null && !from.isBefore(until)) {
                cells.problem("valid_until", "valid_until " + until + " is not after valid_from " + from);
            }

            boolean lockdownEntry = old != null && old.lockdownEntry();
            String le = CsvTable.value(row, c.lockdownEntry);
            if (le.equals("true") || le.equals("false")) lockdownEntry = le.equals("true");
            else if (!le.isEmpty()) cells.problem("lockdown_entry", "lockdown_entry '" + le + "' must be true or false");

            List<String> newCards = new ArrayList<>();
            for (String word : words(CsvTable.value(row, c.cards))) {
                String card;
                try {
                    card = CardNumber.parse(word).id();
                } catch (IllegalArgumentException e) {
                    cells.problem("cards", "card '" + word + "': " + e.getMessage());
                    continue;
                }
                String holder = current.card(card).map(Card::personId).orElse(null);
                String otherRow = cardsInFile.putIfAbsent(card, id);
                if (holder != null && !holder.equals(id)) {
                    cells.problem("cards", "card " + card + " belongs to " + holder);
                } else if (otherRow != null && !otherRow.equals(id)) {
                    cells.problem("cards", "card " + card + " is also given to " + otherRow + " in this file");
                } else if (holder == null && !newCards.contains(card)) {
                    newCards.add(card);
                }
            }
            if (!problems.isEmpty()) continue; // keep checking rows, build nothing
            // the SIS owns the status of its people: a plain CSV's full sync reactivates only its own
            PersonStatus status = old == null || (request.fullSync() && old.source().equals(FORMAT)) ? PersonStatus.ACTIVE : old.status();
            Person p = new Person(id, name, kind, old == null ? null : old.sisId(), schools, status, from, until, lockdownEntry,
                    old == null ? null : old.pinHash(), old == null ? FORMAT : old.source());
            wanted.add(new ImportDiff.Wanted(p, newCards));
        }
        if (!problems.isEmpty()) return null;
        return ImportDiff.plan(current, FORMAT, FORMAT, request.fullSync(), wanted, 0);
    }

    private static Set<String> words(String cell) {
        Set<String> words = new LinkedHashSet<>();
        for (String w : cell.split("\\s+")) if (!w.isEmpty()) words.add(w);
        return words;
    }

    /** The plain CSV's columns, -1 for those the file does not have. */
    private static final class Columns {
        final int id, name, kind, schools, cards, validFrom, validUntil, lockdownEntry;

        Columns(CsvTable t) {
            id = t.column("id");
            name = t.column("name");
            kind = t.column("kind");
            schools = t.column("schools");
            cards = t.column("cards");
            validFrom = t.column("valid_from");
            validUntil = t.column("valid_until");
            lockdownEntry = t.column("lockdown_entry");
        }
    }

    /** Problems about one row's cells. */
    private record Cells(String file, CsvTable.Row row, ImportProblems problems, ZoneId zone) {
        void problem(String column, String message) {
            problems.add(file, row.line(), column, message);
        }

        void sisOwns(String column, String id) {
            problem(column, "the SIS owns the " + column + " of '" + id + "' (source oneroster): change it there");
        }

        /** An RFC 3339 time, or a date: its start ({@code end} false) or its end in the district's zone; null for an empty cell. */
        Instant time(String column, String cell, boolean end) {
            if (cell.isEmpty()) return null;
            try {
                if (cell.length() == 10) {
                    LocalDate d = LocalDate.parse(cell);
                    return (end ? d.plusDays(1) : d).atStartOfDay(zone).toInstant();
                }
                return Rfc3339.parse(cell);
            } catch (DateTimeException e) {
                problem(column, "'" + cell + "' is not a date (2026-09-01) or an RFC 3339 time (" + Rfc3339.EXAMPLES + ")");
                return null;
            }
        }
    }
}
