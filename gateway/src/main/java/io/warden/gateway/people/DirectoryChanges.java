package io.warden.gateway.people;

import java.util.List;

/**
 * What one change to the directory writes, applied as a whole or not at all. People and cards are
 * upserted by id; nothing is ever deleted (a person who left is suspended, a card is suspended or
 * lost, so their history keeps its meaning).
 *
 * @param calendar null: the calendar stays as it is; otherwise the whole calendar is replaced by it
 */
public record DirectoryChanges(List<Person> people, List<Card> cards, List<CalendarDay> calendar) {
    public DirectoryChanges {
        people = people == null ? List.of() : List.copyOf(people);
        cards = cards == null ? List.of() : List.copyOf(cards);
        calendar = calendar == null ? null : List.copyOf(calendar);
    }

    public boolean isEmpty() {
        return people.isEmpty() && cards.isEmpty() && calendar == null;
    }
}
