package io.warden.gateway.people;

import io.vertx.core.Future;
import io.warden.adapter.api.CardNumber;
import io.warden.gateway.auth.Principal;
import java.util.function.Consumer;

/**
 * The cardholder directory: people, cards, PINs and the school calendar, for the API, the CLI and
 * access decisions. Every change is durable before it is answered and audited: one record per person
 * or card changed ({@code person.added}, {@code person.changed}, {@code person.suspended},
 * {@code card.assigned}, {@code card.status}, {@code person.pin_set}, {@code calendar.imported}) and, for an
 * import, one summary record ({@code people.import}). Failures are WardenException NOT_FOUND (no such
 * person or card), BAD_REQUEST (naming what is wrong), PolicyException CONFLICT (a card already
 * someone else's; the directory changed under an import: run it again).
 */
public interface DirectoryService {

    /** The directory now: cheap, no I/O, any thread. */
    Directory current();

    /** Called on any thread after each new directory is in place (decisions and schedules re-read it). */
    void onChange(Consumer<Directory> listener);

    /** Parses, plans and (unless a dry run, or the files have problems) applies an import. */
    Future<ImportReport> importPeople(ImportRequest request, Principal who, String source);

    /** Gives {@code card} to a person, active. CONFLICT when it belongs to someone else; the same person: unchanged. */
    Future<Card> assignCard(String personId, CardNumber card, Principal who, String source);

    /** Sets a card active, suspended or lost. */
    Future<Card> setCardStatus(String cardId, CardStatus status, Principal who, String source);

    /** Sets (or with null clears) a person's PIN: 4 to 8 digits, stored only as a salted hash. */
    Future<Void> setPin(String personId, String pin, Principal who, String source);

    /**
     * Replaces the school calendar with the exceptions found in an iCalendar file. Dry run: report only.
     * BAD_REQUEST naming the line when the file does not parse.
     */
    Future<CalendarReport> importCalendar(byte[] ics, boolean dryRun, Principal who, String source);
}
