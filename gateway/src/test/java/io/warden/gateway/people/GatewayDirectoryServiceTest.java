package io.warden.gateway.people;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.warden.adapter.api.CardFormat;
import io.warden.adapter.api.CardNumber;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.adapter.api.testing.CapturedStderr;
import io.warden.gateway.PolicyCode;
import io.warden.gateway.PolicyException;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditQuery;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.audit.SqliteAuditStore;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The service against the real SQLite directory and audit stores. */
@Timeout(60)
class GatewayDirectoryServiceTest {
    private static final Instant T0 = Instant.parse("2025-09-02T13:00:00Z");
    private static final Principal ADMIN = new Principal("district-admin", Role.ADMIN);
    private static final String SOURCE = "10.1.2.3";
    private static final CardNumber CARD = new CardNumber(CardFormat.H10301, 40, 6789, null, 26);
    private static final String CARD_ID = "H10301:40:6789";

    @TempDir
    Path dir;
    private Vertx vertx;
    private SqliteDirectoryStore store;
    private SqliteAuditStore audit;
    private GatewayDirectoryService service;
    /** What the injected planner and parser do in this test. */
    private GatewayDirectoryService.Planner planner = (d, r, now) -> {
        throw new AssertionError("no import expected");
    };
    private GatewayDirectoryService.CalendarParser parser = ics -> {
        throw new AssertionError("no calendar expected");
    };
    private final List<Directory> notified = new CopyOnWriteArrayList<>();
    private Duration parseLimit = Duration.ofSeconds(30);
    /** Opened at the end of every test: a parser stuck on it is let go. */
    private final CountDownLatch stuck = new CountDownLatch(1);

    @BeforeEach
    void open() {
        vertx = Vertx.vertx();
        store = await(SqliteDirectoryStore.open(vertx, dir.resolve(SqliteDirectoryStore.FILE_NAME)));
        audit = await(SqliteAuditStore.open(vertx, dir.resolve("audit.db")));
    }

    @AfterEach
    void close() throws Exception {
        stuck.countDown();
        store.close().await(10, TimeUnit.SECONDS);
        audit.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    /** Seeds the store with {@code seed} (if not empty) and starts the service on it. */
    private GatewayDirectoryService start(DirectoryChanges seed) {
        if (!seed.isEmpty()) await(store.apply(seed, 0));
        service = await(new GatewayDirectoryService(vertx, store, audit, Clock.fixed(T0, ZoneOffset.UTC),
                (d, r, now) -> planner.plan(d, r, now), ics -> parser.parse(ics), parseLimit).load());
        service.onChange(notified::add);
        return service;
    }

    private static Person person(String id, PersonStatus status) {
        return new Person(id, "Person " + id, PersonKind.STAFF, null, List.of("lincoln"), status, null, null, false, null, "oneroster");
    }

    private static DirectoryChanges seed(Person... people) {
        return new DirectoryChanges(List.of(people), List.of(), null);
    }

    private List<AuditEntry> trail() {
        return await(audit.query(AuditQuery.all(1000))).items().stream().map(AuditRecord::entry).toList();
    }

    private static void assertByAdmin(List<AuditEntry> entries) {
        for (AuditEntry e : entries) {
            assertThat(e.actor()).isEqualTo(ADMIN.name());
            assertThat(e.source()).isEqualTo(SOURCE);
            assertThat(e.time()).isEqualTo(T0);
        }
    }

    private static List<String> typesAndDetails(List<AuditEntry> entries) {
        return entries.stream().map(e -> e.type() + " | " + e.credential() + " | " + e.result() + " | " + e.detail()).toList();
    }

    private static void assertCode(Throwable e, ErrorCode code) {
        assertThat(e).isInstanceOf(WardenException.class);
        assertThat(((WardenException) e).code()).isEqualTo(code);
    }

    private static void assertConflict(Throwable e) {
        assertThat(e).isInstanceOf(PolicyException.class);
        assertThat(((PolicyException) e).code()).isEqualTo(PolicyCode.CONFLICT);
    }

    // ---- start

    @Test
    void startLoadsWhatTheStoreHolds() {
        start(new DirectoryChanges(List.of(person("a", PersonStatus.ACTIVE)), List.of(new Card(CARD_ID, "a", CardStatus.LOST)),
                List.of(new CalendarDay(LocalDate.parse("2025-11-27"), CalendarDay.Kind.HOLIDAY, "Thanksgiving"))));
        Directory d = service.current();
        assertThat(d.version()).isEqualTo(1);
        assertThat(d.person("a")).contains(person("a", PersonStatus.ACTIVE));
        assertThat(d.card(CARD_ID)).contains(new Card(CARD_ID, "a", CardStatus.LOST));
        assertThat(d.day(LocalDate.parse("2025-11-27"))).isPresent();
    }

    // ---- importPeople

    private static ImportReport.Change change(String id, String... fields) {
        return new ImportReport.Change(id, "Person " + id, List.of(fields));
    }

    private static ImportRequest request(boolean dryRun) {
        return new ImportRequest("oneroster", Map.of("users.csv", new byte[] {1}), dryRun, true);
    }

    /** Adds n, changes b's schools, suspends c; b and c are in the seed. */
    private static ImportPlan rosterPlan(long baseVersion, List<ImportProblem> problems) {
        Person b = new Person("b", "Person b", PersonKind.STAFF, null, List.of("lincoln", "central"), PersonStatus.ACTIVE, null, null,
                false, null, "oneroster");
        ImportReport report = new ImportReport("oneroster", List.of(change("n")), List.of(change("b", "schools")), List.of(change("c")), 4,
                1, problems, false);
        DirectoryChanges changes = new DirectoryChanges(List.of(person("n", PersonStatus.ACTIVE), b, person("c", PersonStatus.SUSPENDED)),
                List.of(), null);
        return new ImportPlan(report, changes, baseVersion);
    }

    @Test
    void anImportIsAppliedAndAuditedPersonByPersonThenSummed() {
        start(seed(person("b", PersonStatus.ACTIVE), person("c", PersonStatus.ACTIVE)));
        List<Directory> planned = new ArrayList<>();
        planner = (d, r, now) -> {
            planned.add(d);
            assertThat(Context.isOnEventLoopThread()).as("planned off the event loop").isFalse();
            assertThat(now).isEqualTo(T0);
            return rosterPlan(d.version(), List.of());
        };
        ImportReport report = await(service.importPeople(request(false), ADMIN, SOURCE));

        assertThat(report.applied()).isTrue();
        assertThat(report.skipped()).as("rows not imported by design (a guardian) are reported").isEqualTo(1);
        assertThat(planned).hasSize(1);
        assertThat(planned.get(0).version()).isEqualTo(1);
        Directory d = service.current();
        assertThat(d.version()).isEqualTo(2);
        assertThat(d.person("n")).isPresent();
        assertThat(d.person("b").orElseThrow().schools()).containsExactly("lincoln", "central");
        assertThat(d.person("c").orElseThrow().status()).isEqualTo(PersonStatus.SUSPENDED);
        assertThat(notified).containsExactly(d);
        assertThat(List.copyOf(await(store.load()).people())).isEqualTo(List.copyOf(d.people()));

        List<AuditEntry> trail = trail();
        assertByAdmin(trail);
        assertThat(typesAndDetails(trail)).containsExactly(
                "person.added | null | ok | person n: added",
                "person.changed | null | ok | person b: schools",
                "person.suspended | null | ok | person c: suspended",
                "people.import | null | ok | format=oneroster added=1 changed=1 suspended=1 unchanged=4 skipped=1 problems=0 dryRun=false");
        assertThat(trail).allSatisfy(e -> assertThat(String.valueOf(e)).doesNotContain("Person "));
    }

    @Test
    void aDryRunChangesNothingAndAuditsOnlyTheSummary() {
        start(seed(person("b", PersonStatus.ACTIVE), person("c", PersonStatus.ACTIVE)));
        Directory before = service.current();
        planner = (d, r, now) -> rosterPlan(d.version(), List.of());
        ImportReport report = await(service.importPeople(request(true), ADMIN, SOURCE));

        assertThat(report.applied()).isFalse();
        assertThat(report.added()).hasSize(1);
        assertThat(service.current()).isSameAs(before);
        assertThat(await(store.load()).version()).isEqualTo(1);
        assertThat(notified).isEmpty();
        assertThat(typesAndDetails(trail())).containsExactly(
                "people.import | null | ok | format=oneroster added=1 changed=1 suspended=1 unchanged=4 skipped=1 problems=0 dryRun=true");
    }

    @Test
    void anImportWithProblemsChangesNothingAndIsAuditedRefused() {
        start(seed(person("b", PersonStatus.ACTIVE), person("c", PersonStatus.ACTIVE)));
        List<ImportProblem> problems = List.of(new ImportProblem("users.csv", 7, "role", "unknown role 'wizard'"),
                new ImportProblem("users.csv", 9, null, "duplicate sourcedId 'b'"));
        planner = (d, r, now) -> rosterPlan(d.version(), problems); // changes not empty, on purpose: must not be applied
        ImportReport report = await(service.importPeople(request(false), ADMIN, SOURCE));

        assertThat(report.applied()).isFalse();
        assertThat(report.problems()).isEqualTo(problems);
        assertThat(await(store.load()).version()).isEqualTo(1);
        assertThat(service.current().person("n")).isEmpty();
        assertThat(typesAndDetails(trail())).containsExactly(
                "people.import | null | refused | format=oneroster added=1 changed=1 suspended=1 unchanged=4 skipped=1 problems=2 dryRun=false");
    }

    @Test
    void aStalePlanIsPlannedAgainOnceAndThenRefused() {
        start(seed(person("b", PersonStatus.ACTIVE), person("c", PersonStatus.ACTIVE)));
        AtomicInteger calls = new AtomicInteger();
        planner = (d, r, now) -> rosterPlan(calls.incrementAndGet() == 1 ? d.version() - 1 : d.version(), List.of());
        assertThat(await(service.importPeople(request(false), ADMIN, SOURCE)).applied()).isTrue();
        assertThat(calls).hasValue(2);
        assertThat(service.current().version()).isEqualTo(2);

        calls.set(0);
        planner = (d, r, now) -> {
            calls.incrementAndGet();
            return rosterPlan(d.version() + 5, List.of());
        };
        assertConflict(awaitFailure(service.importPeople(request(false), ADMIN, SOURCE)));
        assertThat(calls).hasValue(2);
        assertThat(await(store.load()).version()).isEqualTo(2);
        assertThat(trail()).hasSize(4); // the first import's only
    }

    @Test
    void aWriteLandingWhileAnImportIsPlannedMakesItPlanAgainOnTheNewDirectory() {
        start(new DirectoryChanges(List.of(person("b", PersonStatus.ACTIVE), person("c", PersonStatus.ACTIVE)),
                List.of(new Card(CARD_ID, "b", CardStatus.ACTIVE)), null));
        List<Long> plannedOn = new CopyOnWriteArrayList<>();
        planner = (d, r, now) -> {
            plannedOn.add(d.version());
            // The first planning is overtaken by a card reported lost (this runs on a worker: waiting is fine).
            if (plannedOn.size() == 1) await(service.setCardStatus(CARD_ID, CardStatus.LOST, ADMIN, SOURCE));
            return rosterPlan(d.version(), List.of());
        };
        assertThat(await(service.importPeople(request(false), ADMIN, SOURCE)).applied()).isTrue();
        assertThat(plannedOn).containsExactly(1L, 2L);
        Directory d = service.current();
        assertThat(d.version()).isEqualTo(3);
        assertThat(d.card(CARD_ID).orElseThrow().status()).isEqualTo(CardStatus.LOST);
        assertThat(d.person("n")).isPresent();
        assertThat(trail()).extracting(AuditEntry::type).containsExactly("card.status", "person.added", "person.changed",
                "person.suspended", "people.import");
    }

    // ---- cards

    @Test
    void assignCardGivesAnActiveCardOnceAndRefusesSomeoneElsesCard() {
        start(seed(person("a", PersonStatus.ACTIVE), person("b", PersonStatus.ACTIVE)));
        assertThat(await(service.assignCard("a", CARD, ADMIN, SOURCE))).isEqualTo(new Card(CARD_ID, "a", CardStatus.ACTIVE));
        assertThat(service.current().cardsOf("a")).containsExactly(new Card(CARD_ID, "a", CardStatus.ACTIVE));
        assertThat(await(store.load()).card(CARD_ID)).contains(new Card(CARD_ID, "a", CardStatus.ACTIVE));

        // The same person again: unchanged, nothing written or audited.
        assertThat(await(service.assignCard("a", CARD, ADMIN, SOURCE)).personId()).isEqualTo("a");
        assertThat(service.current().version()).isEqualTo(2);

        Throwable e = awaitFailure(service.assignCard("b", CARD, ADMIN, SOURCE));
        assertConflict(e);
        assertThat(e).hasMessageContaining(CARD_ID).hasMessageContaining("person a");
        assertCode(awaitFailure(service.assignCard("nobody", new CardNumber(CardFormat.H10301, 40, 1, null, 26), ADMIN, SOURCE)),
                ErrorCode.NOT_FOUND);
        assertThat(service.current().card(CARD_ID).orElseThrow().personId()).isEqualTo("a");
        assertThat(await(store.load()).version()).isEqualTo(2);

        List<AuditEntry> trail = trail();
        assertByAdmin(trail);
        assertThat(typesAndDetails(trail)).containsExactly("card.assigned | " + CARD_ID + " | ok | person a");
    }

    @Test
    void setCardStatusChangesTheStatusAndAuditsIt() {
        start(new DirectoryChanges(List.of(person("a", PersonStatus.ACTIVE)), List.of(new Card(CARD_ID, "a", CardStatus.ACTIVE)), null));
        assertThat(await(service.setCardStatus(CARD_ID, CardStatus.LOST, ADMIN, SOURCE))).isEqualTo(new Card(CARD_ID, "a", CardStatus.LOST));
        assertThat(service.current().card(CARD_ID).orElseThrow().status()).isEqualTo(CardStatus.LOST);
        assertThat(await(store.load()).card(CARD_ID).orElseThrow().status()).isEqualTo(CardStatus.LOST);
        await(service.setCardStatus(CARD_ID, CardStatus.LOST, ADMIN, SOURCE)); // unchanged: not written again
        assertCode(awaitFailure(service.setCardStatus("H10301:1:1", CardStatus.LOST, ADMIN, SOURCE)), ErrorCode.NOT_FOUND);

        assertThat(service.current().version()).isEqualTo(2);
        assertThat(notified).hasSize(1);
        List<AuditEntry> trail = trail();
        assertByAdmin(trail);
        assertThat(typesAndDetails(trail)).containsExactly("card.status | " + CARD_ID + " | ok | lost");
    }

    // ---- PINs

    @Test
    void setPinStoresOnlyASaltedHashAndNeverWritesThePinDown() {
        start(seed(person("a", PersonStatus.ACTIVE)));
        try (CapturedStderr err = CapturedStderr.start()) {
            await(service.setPin("a", "482193", ADMIN, SOURCE));
            String hash = service.current().person("a").orElseThrow().pinHash();
            assertThat(PinHash.verify("482193", hash)).isTrue();
            assertThat(await(store.load()).person("a").orElseThrow().pinHash()).isEqualTo(hash);

            Throwable bad = awaitFailure(service.setPin("a", "48x193", ADMIN, SOURCE));
            assertCode(bad, ErrorCode.BAD_REQUEST);
            assertThat(bad).hasMessage("a PIN must be 4 to 8 digits");
            assertCode(awaitFailure(service.setPin("nobody", "1234", ADMIN, SOURCE)), ErrorCode.NOT_FOUND);

            await(service.setPin("a", null, ADMIN, SOURCE));
            assertThat(service.current().person("a").orElseThrow().pinHash()).isNull();
            assertThat(await(store.load()).person("a").orElseThrow().pinHash()).isNull();
            await(service.setPin("a", null, ADMIN, SOURCE)); // no PIN to clear: nothing written

            List<AuditEntry> trail = trail();
            assertByAdmin(trail);
            assertThat(typesAndDetails(trail)).containsExactly("person.pin_set | null | ok | person a: PIN set",
                    "person.pin_set | null | ok | person a: PIN cleared");
            assertThat(trail.toString()).doesNotContain("482193").doesNotContain(hash).doesNotContain("pbkdf2");
            assertThat(err.text()).doesNotContain("482193").doesNotContain(hash);
        }
        assertThat(service.current().version()).isEqualTo(3);
    }

    // ---- calendar

    private static CalendarDay day(String date, CalendarDay.Kind kind) {
        return new CalendarDay(LocalDate.parse(date), kind, null);
    }

    @Test
    void importCalendarReplacesTheCalendarWholeAndCountsTheDatesAddedAndRemoved() {
        start(seed(person("a", PersonStatus.ACTIVE)));
        List<Boolean> onEventLoop = new CopyOnWriteArrayList<>();
        List<CalendarDay> first = List.of(day("2025-12-23", CalendarDay.Kind.BREAK), day("2025-12-22", CalendarDay.Kind.BREAK),
                day("2025-11-27", CalendarDay.Kind.HOLIDAY));
        parser = ics -> {
            onEventLoop.add(Context.isOnEventLoopThread());
            return new CalendarImport.Result(first, List.of("Band concert (2025-12-11): not a closure"));
        };
        CalendarReport r = await(service.importCalendar(new byte[] {1}, false, ADMIN, SOURCE));
        assertThat(r).isEqualTo(new CalendarReport(List.of(first.get(2), first.get(1), first.get(0)),
                List.of("Band concert (2025-12-11): not a closure"), 3, 0, true));
        assertThat(onEventLoop).containsExactly(false);
        assertThat(service.current().calendar()).containsExactly(first.get(2), first.get(1), first.get(0));

        List<CalendarDay> second = List.of(day("2025-12-22", CalendarDay.Kind.BREAK), day("2026-02-13", CalendarDay.Kind.EARLY_RELEASE));
        parser = ics -> new CalendarImport.Result(second, List.of());
        CalendarReport dry = await(service.importCalendar(new byte[] {2}, true, ADMIN, SOURCE));
        assertThat(dry.added()).isEqualTo(1);
        assertThat(dry.removed()).isEqualTo(2);
        assertThat(dry.applied()).isFalse();
        assertThat(service.current().calendar()).hasSize(3);

        CalendarReport applied = await(service.importCalendar(new byte[] {2}, false, ADMIN, SOURCE));
        assertThat(applied.applied()).isTrue();
        assertThat(service.current().calendar()).containsExactlyElementsOf(second);
        assertThat(await(store.load()).calendar()).containsExactlyElementsOf(second);
        assertThat(service.current().people()).hasSize(1);

        parser = ics -> {
            throw new WardenException(ErrorCode.BAD_REQUEST, "line 4: not iCalendar");
        };
        Throwable e = awaitFailure(service.importCalendar(new byte[] {3}, false, ADMIN, SOURCE));
        assertCode(e, ErrorCode.BAD_REQUEST);
        assertThat(e).hasMessageContaining("line 4");
        assertThat(service.current().version()).isEqualTo(3);

        List<AuditEntry> trail = trail();
        assertByAdmin(trail);
        assertThat(typesAndDetails(trail)).containsExactly(
                "calendar.imported | null | ok | days=3 added=3 removed=0 skipped=1 dryRun=false",
                "calendar.imported | null | ok | days=2 added=1 removed=2 skipped=0 dryRun=true",
                "calendar.imported | null | ok | days=2 added=1 removed=2 skipped=0 dryRun=false");
    }

    @Test
    void aCalendarParserThatThrowsAnErrorIsAnsweredInternalNamingItAndTheNextImportWorks() {
        start(new DirectoryChanges(null, null, null));
        parser = ics -> {
            throw new ExceptionInInitializerError("zone rules not loaded");
        };
        Throwable e = awaitFailure(service.importCalendar(new byte[] {1}, false, ADMIN, SOURCE));
        assertCode(e, ErrorCode.INTERNAL);
        assertThat(e).hasMessageContaining("java.lang.ExceptionInInitializerError: zone rules not loaded");
        assertThat(service.current().calendar()).isEmpty();

        parser = ics -> new CalendarImport.Result(List.of(day("2025-11-27", CalendarDay.Kind.HOLIDAY)), List.of());
        assertThat(await(service.importCalendar(new byte[] {2}, false, ADMIN, SOURCE)).days()).hasSize(1);
    }

    @Test
    void aCalendarParseThatNeverReturnsIsAnsweredInternalAtTheLimitAndTheNextImportWorks() {
        parseLimit = Duration.ofMillis(500);
        start(new DirectoryChanges(null, null, null));
        parser = ics -> {
            try {
                stuck.await(); // as a parse waiting forever on a lock inside the library
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new AssertionError("let go only after the test");
        };
        Throwable e = awaitFailure(service.importCalendar(new byte[] {1}, false, ADMIN, SOURCE));
        assertCode(e, ErrorCode.INTERNAL);
        assertThat(e).hasMessageContaining("took longer than 500 ms");

        // the stuck parse holds one calendar worker; the next file is parsed on the other and written
        parser = ics -> new CalendarImport.Result(List.of(day("2025-11-27", CalendarDay.Kind.HOLIDAY)), List.of());
        assertThat(await(service.importCalendar(new byte[] {2}, false, ADMIN, SOURCE)).days()).hasSize(1);
        assertThat(service.current().calendar()).hasSize(1);
    }

    // ---- failures, policy, concurrency

    @Test
    void anAuditFailureAfterTheChangeIsAnsweredInternalAndLoggedInFull() throws Exception {
        start(new DirectoryChanges(List.of(person("a", PersonStatus.ACTIVE)), List.of(new Card(CARD_ID, "a", CardStatus.ACTIVE)), null));
        await(audit.close());
        try (CapturedStderr err = CapturedStderr.start()) {
            Throwable e = awaitFailure(service.setCardStatus(CARD_ID, CardStatus.LOST, ADMIN, SOURCE));
            assertCode(e, ErrorCode.INTERNAL);
            assertThat(e).hasMessageContaining("applied but not audited");
            until(() -> !err.lines("audit_write_failed").isEmpty(), "the refused record in the log");
            // Everything but the card's number: a log never holds a usable credential.
            assertThat(err.lines("audit_write_failed").get(0)).contains("card.status").contains("H10301:40:**89").contains(ADMIN.name())
                    .contains(SOURCE).contains("lost").doesNotContain(CARD_ID);
        }
        assertThat(service.current().card(CARD_ID).orElseThrow().status()).isEqualTo(CardStatus.LOST);
        assertThat(await(store.load()).card(CARD_ID).orElseThrow().status()).isEqualTo(CardStatus.LOST);
    }

    @Test
    void onlyAdminsChangeTheDirectory() {
        start(new DirectoryChanges(List.of(person("a", PersonStatus.ACTIVE)), List.of(new Card(CARD_ID, "a", CardStatus.ACTIVE)), null));
        Principal investigator = new Principal("detective", Role.INVESTIGATOR);
        List<Future<?>> refused = List.of(service.setCardStatus(CARD_ID, CardStatus.LOST, investigator, SOURCE),
                service.setPin("a", "1234", investigator, SOURCE), service.assignCard("a", CARD, investigator, SOURCE),
                service.importPeople(request(false), investigator, SOURCE), service.importCalendar(new byte[0], false, investigator, SOURCE));
        for (Future<?> f : refused) {
            Throwable e = awaitFailure(f);
            assertThat(e).isInstanceOf(PolicyException.class);
            assertThat(((PolicyException) e).code()).isEqualTo(PolicyCode.FORBIDDEN);
        }
        assertThat(service.current().version()).isEqualTo(1);
        assertThat(trail()).isEmpty();
    }

    @Test
    void writesCalledTogetherAllLandInTheOrderCalled() {
        start(new DirectoryChanges(List.of(person("a", PersonStatus.ACTIVE)), List.of(new Card(CARD_ID, "a", CardStatus.ACTIVE)), null));
        CardStatus[] sequence = {CardStatus.LOST, CardStatus.SUSPENDED, CardStatus.ACTIVE, CardStatus.LOST, CardStatus.SUSPENDED};
        List<Future<Card>> answers = new ArrayList<>();
        for (CardStatus s : sequence) answers.add(service.setCardStatus(CARD_ID, s, ADMIN, SOURCE)); // none waited for
        // And from an event loop at the same time.
        Promise<Card> fromLoop = Promise.promise();
        vertx.getOrCreateContext().runOnContext(v -> service.assignCard("a", new CardNumber(CardFormat.H10301, 40, 7000, null, 26), ADMIN,
                SOURCE).onComplete(fromLoop));
        await(Future.all(answers));
        await(fromLoop.future());

        for (int i = 0; i < sequence.length; i++) assertThat(answers.get(i).result().status()).isEqualTo(sequence[i]);
        Directory d = service.current();
        assertThat(d.version()).isEqualTo(1 + sequence.length + 1);
        assertThat(d.card(CARD_ID).orElseThrow().status()).isEqualTo(CardStatus.SUSPENDED);
        assertThat(d.card("H10301:40:7000")).isPresent();
        assertThat(await(store.load()).version()).isEqualTo(d.version());
        assertThat(notified).extracting(Directory::version).isSorted().doesNotHaveDuplicates().hasSize(sequence.length + 1);
        assertThat(trail().stream().filter(e -> e.type().equals("card.status")).map(AuditEntry::detail).toList())
                .containsExactly("lost", "suspended", "active", "lost", "suspended");
    }

    @Test
    void aChangeByAnotherProcessIsReadAndTheWriteTriedAgain() {
        start(seed(person("a", PersonStatus.ACTIVE)));
        SqliteDirectoryStore other = await(SqliteDirectoryStore.open(vertx, dir.resolve(SqliteDirectoryStore.FILE_NAME)));
        try {
            await(other.apply(new DirectoryChanges(List.of(person("b", PersonStatus.ACTIVE)), List.of(new Card(CARD_ID, "b", CardStatus.ACTIVE)),
                    null), 1));
        } finally {
            await(other.close());
        }
        assertThat(service.current().version()).isEqualTo(1);

        // The store refuses the stale write; the service reads the file again and the write lands on what it holds.
        Card second = await(service.assignCard("a", new CardNumber(CardFormat.H10301, 40, 7001, null, 26), ADMIN, SOURCE));
        assertThat(service.current().version()).isEqualTo(3);
        assertThat(service.current().person("b")).isPresent();
        assertThat(service.current().cardsOf("a")).containsExactly(second);
        assertThat(await(store.load()).cards()).containsExactly(new Card(CARD_ID, "b", CardStatus.ACTIVE), second);
        assertThat(notified).extracting(Directory::version).containsExactly(2L, 3L);

        // Now the service knows the card is b's.
        assertConflict(awaitFailure(service.assignCard("a", CARD, ADMIN, SOURCE)));
        await(service.setCardStatus(CARD_ID, CardStatus.LOST, ADMIN, SOURCE));
        assertThat(await(store.load()).card(CARD_ID)).contains(new Card(CARD_ID, "b", CardStatus.LOST));
    }
}
