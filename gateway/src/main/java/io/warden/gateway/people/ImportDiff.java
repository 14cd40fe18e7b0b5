package io.warden.gateway.people;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Compares the people an import's files describe with the directory and works out the report and
 * the changes, the same way for every format. A person whose status goes from active to suspended is
 * reported as suspended (with the other fields that differ); a full sync suspends the people of the
 * import's source that the files leave out.
 */
final class ImportDiff {
    private ImportDiff() {}

    /**
     * One person as the files describe them, whole (fields the files do not carry copied from the
     * directory), and the card ids the files give them that the directory does not yet have.
     */
    record Wanted(Person person, List<String> newCards) {
        Wanted {
            newCards = List.copyOf(newCards);
        }
    }

    static ImportPlan plan(Directory current, String format, String source, boolean fullSync, List<Wanted> wanted, int skipped) {
        List<ImportReport.Change> added = new ArrayList<>();
        List<ImportReport.Change> changed = new ArrayList<>();
        List<ImportReport.Change> suspended = new ArrayList<>();
        List<Person> people = new ArrayList<>();
        List<Card> cards = new ArrayList<>();
        int unchanged = 0;
        Set<String> inFiles = new HashSet<>();
        for (Wanted w : wanted) {
            Person p = w.person();
            inFiles.add(p.id());
            w.newCards().forEach(c -> cards.add(new Card(c, p.id(), CardStatus.ACTIVE)));
            Person old = current.person(p.id()).orElse(null);
            if (old == null) {
                people.add(p);
                added.add(new ImportReport.Change(p.id(), p.name(), List.of()));
                continue;
            }
            List<String> fields = differences(old, p);
            if (!fields.isEmpty()) people.add(p);
            if (!w.newCards().isEmpty()) fields.add("cards");
            if (fields.isEmpty()) {
                unchanged++;
            } else if (old.status() == PersonStatus.ACTIVE && p.status() == PersonStatus.SUSPENDED) {
                suspended.add(new ImportReport.Change(p.id(), p.name(), fields));
            } else {
                changed.add(new ImportReport.Change(p.id(), p.name(), fields));
            }
        }
        if (fullSync) {
            for (Person p : current.people()) {
                if (p.source().equals(source) && p.status() == PersonStatus.ACTIVE && !inFiles.contains(p.id())) {
                    people.add(withStatus(p, PersonStatus.SUSPENDED));
                    suspended.add(new ImportReport.Change(p.id(), p.name(), List.of("status")));
                }
            }
        }
        ImportReport report = new ImportReport(format, added, changed, suspended, unchanged, skipped, List.of(), false);
        return new ImportPlan(report, new DirectoryChanges(people, cards, null), current.version());
    }

    /** The fields of {@code now} that differ from {@code old}, by their names in {@link Person}; schools compared as a set. */
    static List<String> differences(Person old, Person now) {
        List<String> f = new ArrayList<>();
        if (!old.name().equals(now.name())) f.add("name");
        if (old.kind() != now.kind()) f.add("kind");
        if (!Objects.equals(old.sisId(), now.sisId())) f.add("sisId");
        if (!Set.copyOf(old.schools()).equals(Set.copyOf(now.schools()))) f.add("schools");
        if (old.status() != now.status()) f.add("status");
        if (!Objects.equals(old.validFrom(), now.validFrom())) f.add("validFrom");
        if (!Objects.equals(old.validUntil(), now.validUntil())) f.add("validUntil");
        if (old.lockdownEntry() != now.lockdownEntry()) f.add("lockdownEntry");
        return f;
    }

    static Person withStatus(Person p, PersonStatus status) {
        return new Person(p.id(), p.name(), p.kind(), p.sisId(), p.schools(), status, p.validFrom(), p.validUntil(),
                p.lockdownEntry(), p.pinHash(), p.source());
    }
}
