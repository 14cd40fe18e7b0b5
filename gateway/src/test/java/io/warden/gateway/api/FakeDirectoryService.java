package io.warden.gateway.api;

import io.vertx.core.Future;
import io.warden.adapter.api.CardNumber;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.PolicyCode;
import io.warden.gateway.PolicyException;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.people.CalendarReport;
import io.warden.gateway.people.Card;
import io.warden.gateway.people.CardStatus;
import io.warden.gateway.people.Directory;
import io.warden.gateway.people.DirectoryChanges;
import io.warden.gateway.people.DirectoryService;
import io.warden.gateway.people.ImportReport;
import io.warden.gateway.people.ImportRequest;
import io.warden.gateway.people.Person;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An in-memory directory for API tests, never richer than the real service: it keeps people and cards,
 * refuses what the interface says it refuses (unknown person or card, a card that is someone else's),
 * and records what it was asked. Imports answer the report a test sets (parsing is PeopleImport's,
 * tested on its own); no audit records are written (the real service writes its own).
 */
final class FakeDirectoryService implements DirectoryService {
    record PinCall(String personId, boolean cleared, Principal who) {}

    volatile Directory directory;
    volatile ImportReport nextImport;
    volatile CalendarReport nextCalendar;
    final List<ImportRequest> imports = new CopyOnWriteArrayList<>();
    final List<byte[]> calendars = new CopyOnWriteArrayList<>();
    final List<PinCall> pins = new CopyOnWriteArrayList<>();
    final List<Principal> writers = new CopyOnWriteArrayList<>();

    FakeDirectoryService(Directory start) {
        this.directory = start;
    }

    @Override
    public Directory current() {
        return directory;
    }

    @Override
    public void onChange(Consumer<Directory> listener) {
        // nothing changes on its own here
    }

    @Override
    public Future<ImportReport> importPeople(ImportRequest request, Principal who, String source) {
        imports.add(request);
        writers.add(who);
        return Future.succeededFuture(nextImport);
    }

    @Override
    public synchronized Future<Card> assignCard(String personId, CardNumber card, Principal who, String source) {
        writers.add(who);
        if (directory.person(personId).isEmpty()) return Future.failedFuture(new WardenException(ErrorCode.NOT_FOUND, "no person '" + personId + "'"));
        Card existing = directory.card(card.id()).orElse(null);
        if (existing != null && !existing.personId().equals(personId)) {
            return Future.failedFuture(new PolicyException(PolicyCode.CONFLICT, "card " + card.id() + " is " + existing.personId() + "'s"));
        }
        Card c = new Card(card.id(), personId, CardStatus.ACTIVE);
        directory = directory.with(new DirectoryChanges(null, List.of(c), null));
        return Future.succeededFuture(c);
    }

    @Override
    public synchronized Future<Card> setCardStatus(String cardId, CardStatus status, Principal who, String source) {
        writers.add(who);
        Card old = directory.card(cardId).orElse(null);
        if (old == null) return Future.failedFuture(new WardenException(ErrorCode.NOT_FOUND, "no card '" + cardId + "'"));
        Card c = new Card(cardId, old.personId(), status);
        directory = directory.with(new DirectoryChanges(null, List.of(c), null));
        return Future.succeededFuture(c);
    }

    @Override
    public synchronized Future<Void> setPin(String personId, String pin, Principal who, String source) {
        writers.add(who);
        Person p = directory.person(personId).orElse(null);
        if (p == null) return Future.failedFuture(new WardenException(ErrorCode.NOT_FOUND, "no person '" + personId + "'"));
        pins.add(new PinCall(personId, pin == null, who));
        Person q = new Person(p.id(), p.name(), p.kind(), p.sisId(), p.schools(), p.status(), p.validFrom(), p.validUntil(),
                p.lockdownEntry(), pin == null ? null : "fake-hash", p.source());
        directory = directory.with(new DirectoryChanges(List.of(q), null, null));
        return Future.succeededFuture();
    }

    @Override
    public Future<CalendarReport> importCalendar(byte[] ics, boolean dryRun, Principal who, String source) {
        calendars.add(ics);
        writers.add(who);
        return Future.succeededFuture(nextCalendar);
    }
}
