package io.warden.gateway.people;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The whole directory at one moment: people, their cards and the school calendar. Immutable, so any
 * thread reads it without locks; a change makes a new one ({@link #with}). Access decisions read the
 * current one from memory: no I/O on the hot path.
 *
 * @see DirectoryService#current()
 */
public final class Directory {
    public static final Directory EMPTY = new Directory(List.of(), List.of(), List.of(), 0);

    private final Map<String, Person> people;
    private final Map<String, Card> cards;
    private final Map<String, List<Card>> cardsByPerson;
    private final NavigableMap<LocalDate, CalendarDay> calendar;
    private final long version;

    /**
     * @param version increases with every change applied; an import planned on one version is applied
     *                only to the same version
     */
    public Directory(Collection<Person> people, Collection<Card> cards, Collection<CalendarDay> calendar, long version) {
        Map<String, Person> p = new LinkedHashMap<>();
        people.forEach(x -> p.put(x.id(), x));
        Map<String, Card> c = new LinkedHashMap<>();
        Map<String, List<Card>> byPerson = new HashMap<>();
        for (Card x : cards) {
            c.put(x.id(), x);
            byPerson.computeIfAbsent(x.personId(), k -> new ArrayList<>()).add(x);
        }
        byPerson.replaceAll((k, v) -> List.copyOf(v));
        NavigableMap<LocalDate, CalendarDay> cal = new TreeMap<>();
        calendar.forEach(d -> cal.put(d.date(), d));
        this.people = Collections.unmodifiableMap(p);
        this.cards = Collections.unmodifiableMap(c);
        this.cardsByPerson = Collections.unmodifiableMap(byPerson);
        this.calendar = Collections.unmodifiableNavigableMap(cal);
        this.version = version;
    }

    public long version() {
        return version;
    }

    public Optional<Person> person(String id) {
        return Optional.ofNullable(people.get(id));
    }

    /** Everyone, in the order they were added. */
    public Collection<Person> people() {
        return people.values();
    }

    public Optional<Card> card(String cardId) {
        return Optional.ofNullable(cards.get(cardId));
    }

    public Collection<Card> cards() {
        return cards.values();
    }

    public List<Card> cardsOf(String personId) {
        return cardsByPerson.getOrDefault(personId, List.of());
    }

    /** The calendar's exception for {@code date}, if any. */
    public Optional<CalendarDay> day(LocalDate date) {
        return Optional.ofNullable(calendar.get(date));
    }

    /** Every calendar exception, by date. */
    public Collection<CalendarDay> calendar() {
        return calendar.values();
    }

    /** A new directory with {@code changes} applied and the version after this one. */
    public Directory with(DirectoryChanges changes) {
        Map<String, Person> p = new LinkedHashMap<>(people);
        changes.people().forEach(x -> p.put(x.id(), x));
        Map<String, Card> c = new LinkedHashMap<>(cards);
        changes.cards().forEach(x -> c.put(x.id(), x));
        Collection<CalendarDay> cal = changes.calendar() == null ? calendar.values() : changes.calendar();
        return new Directory(p.values(), c.values(), cal, version + 1);
    }
}
