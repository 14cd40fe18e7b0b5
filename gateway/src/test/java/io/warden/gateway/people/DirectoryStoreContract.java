package io.warden.gateway.people;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.warden.gateway.PolicyCode;
import io.warden.gateway.PolicyException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link DirectoryStore} must do. A store's test extends this, opens stores on one storage
 * per test (reopening sees the same directory) and can make its storage refuse one person's row.
 */
@Timeout(60)
public abstract class DirectoryStoreContract {
    protected Vertx vertx;
    private final List<DirectoryStore> opened = new ArrayList<>();

    /** A store on this test's storage; called again after close, it must see the same directory. */
    protected abstract Future<? extends DirectoryStore> openStore(Vertx vertx);

    /** Make the storage refuse (fail) any write of the person {@code personId}, behind the store's back. */
    protected abstract void refuseWritesOf(String personId) throws Exception;

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stopVertx() throws Exception {
        for (DirectoryStore s : opened) s.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    protected DirectoryStore open() {
        DirectoryStore s = await(openStore(vertx));
        opened.add(s);
        return s;
    }

    /** Every field set, with values that trip naive storage: commas, quotes, accents, nanoseconds. */
    protected static Person full(String id) {
        return new Person(id, "Zoë O'Brien, \"Jr\"", PersonKind.FIRST_RESPONDER, "SIS-" + id, List.of("lincoln-hs", "district, office", "é"),
                PersonStatus.SUSPENDED, Instant.parse("2025-08-20T07:00:00.123456789Z"), Instant.parse("2026-06-15T23:59:59Z"), true,
                "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaA==", "oneroster");
    }

    /** Every nullable field null, lists empty. */
    protected static Person bare(String id) {
        return new Person(id, "Sam", PersonKind.STUDENT, null, List.of(), PersonStatus.ACTIVE, null, null, false, null, "api");
    }

    protected static CalendarDay day(String date, CalendarDay.Kind kind, String name) {
        return new CalendarDay(LocalDate.parse(date), kind, name);
    }

    protected static DirectoryChanges people(Person... p) {
        return new DirectoryChanges(List.of(p), List.of(), null);
    }

    /** Same people, cards and calendar (each in order) and version. */
    protected static void assertSameDirectory(Directory actual, Directory expected) {
        assertThat(List.copyOf(actual.people())).isEqualTo(List.copyOf(expected.people()));
        assertThat(List.copyOf(actual.cards())).isEqualTo(List.copyOf(expected.cards()));
        assertThat(List.copyOf(actual.calendar())).isEqualTo(List.copyOf(expected.calendar()));
        assertThat(actual.version()).isEqualTo(expected.version());
    }

    @Test
    void aNewStoreIsEmptyAtVersionZero() {
        assertSameDirectory(await(open().load()), Directory.EMPTY);
    }

    @Test
    void everyFieldRoundTripsNullsIncludedAndReopeningKeepsEverything() {
        DirectoryStore store = open();
        DirectoryChanges changes = new DirectoryChanges(
                List.of(full("p-1"), bare("p-2"), full("p-3")),
                List.of(new Card("H10301:40:6789", "p-1", CardStatus.ACTIVE), new Card("C1000:1234:567890", "p-2", CardStatus.LOST),
                        new Card("RAW:32:0A1B2C3D", "p-1", CardStatus.SUSPENDED)),
                List.of(day("2025-12-25", CalendarDay.Kind.HOLIDAY, "Christmas Day"), day("2025-12-22", CalendarDay.Kind.BREAK, null),
                        day("2026-02-13", CalendarDay.Kind.EARLY_RELEASE, "Early release: conferences")));
        await(store.apply(changes, 0));
        Directory expected = Directory.EMPTY.with(changes);
        assertSameDirectory(await(store.load()), expected);
        assertThat(await(store.load()).day(LocalDate.parse("2025-12-22")).orElseThrow().name()).isEqualTo("break");

        await(store.close());
        assertSameDirectory(await(open().load()), expected);
    }

    @Test
    void peopleAndCardsAreUpsertedByIdKeepingTheirFirstPlace() {
        DirectoryStore store = open();
        await(store.apply(new DirectoryChanges(List.of(bare("a"), bare("b")), List.of(new Card("H10301:1:1", "a", CardStatus.ACTIVE)), null), 0));
        Person aChanged = full("a");
        DirectoryChanges second = new DirectoryChanges(List.of(bare("c"), aChanged),
                List.of(new Card("H10301:1:1", "b", CardStatus.LOST), new Card("H10301:1:2", "c", CardStatus.ACTIVE)), null);
        await(store.apply(second, 1));

        Directory d = await(store.load());
        assertThat(d.people()).containsExactly(aChanged, bare("b"), bare("c"));
        assertThat(d.cards()).containsExactly(new Card("H10301:1:1", "b", CardStatus.LOST), new Card("H10301:1:2", "c", CardStatus.ACTIVE));
        assertThat(d.cardsOf("a")).isEmpty();
        assertThat(d.version()).isEqualTo(2);

        // Back from a full record to a bare one: every field is overwritten, nulls included.
        await(store.apply(people(bare("a")), 2));
        assertThat(await(store.load()).person("a")).contains(bare("a"));
    }

    @Test
    void aChangeThatFailsPartWayWritesNothing() throws Exception {
        DirectoryStore store = open();
        DirectoryChanges first = new DirectoryChanges(List.of(bare("a")), List.of(new Card("H10301:1:1", "a", CardStatus.ACTIVE)),
                List.of(day("2025-11-27", CalendarDay.Kind.HOLIDAY, "Thanksgiving")));
        await(store.apply(first, 0));
        Directory before = await(store.load());
        refuseWritesOf("bad");

        DirectoryChanges failing = new DirectoryChanges(List.of(full("a"), bare("new"), bare("bad"), bare("after")),
                List.of(new Card("H10301:1:1", "a", CardStatus.LOST)), List.of());
        assertThat(awaitFailure(store.apply(failing, 1))).isNotInstanceOf(PolicyException.class);
        assertSameDirectory(await(store.load()), before);

        // The version did not move: the same change without the refused row applies at the same version.
        DirectoryChanges fixed = new DirectoryChanges(List.of(full("a"), bare("new")), failing.cards(), failing.calendar());
        await(store.apply(fixed, 1));
        assertSameDirectory(await(store.load()), before.with(fixed));
    }

    @Test
    void aCardOfSomeoneNotInTheDirectoryIsRefusedAndNothingWritten() {
        DirectoryStore store = open();
        await(store.apply(people(bare("a")), 0));
        DirectoryChanges orphan = new DirectoryChanges(List.of(bare("b")), List.of(new Card("H10301:1:9", "nobody", CardStatus.ACTIVE)), null);
        awaitFailure(store.apply(orphan, 1));
        assertThat(await(store.load()).people()).containsExactly(bare("a"));

        // A card and its person in one change is fine.
        await(store.apply(new DirectoryChanges(List.of(bare("b")), List.of(new Card("H10301:1:9", "b", CardStatus.ACTIVE)), null), 1));
        assertThat(await(store.load()).cardsOf("b")).hasSize(1);
    }

    @Test
    void aStaleOrFutureVersionIsAConflictAndWritesNothing() {
        DirectoryStore store = open();
        await(store.apply(people(bare("a")), 0));
        Directory before = await(store.load());
        for (long wrong : new long[] {0, 2, 7}) {
            Throwable e = awaitFailure(store.apply(people(full("a"), bare("b")), wrong));
            assertThat(e).isInstanceOf(PolicyException.class).hasMessageContaining("nothing was written");
            assertThat(((PolicyException) e).code()).isEqualTo(PolicyCode.CONFLICT);
            assertSameDirectory(await(store.load()), before);
        }
    }

    @Test
    void theCalendarIsReplacedWholeOrLeftAsItIs() {
        DirectoryStore store = open();
        List<CalendarDay> winter = List.of(day("2025-12-22", CalendarDay.Kind.BREAK, "Winter break"),
                day("2025-12-23", CalendarDay.Kind.BREAK, "Winter break"));
        await(store.apply(new DirectoryChanges(null, null, winter), 0));
        await(store.apply(people(bare("a")), 1));
        assertThat(await(store.load()).calendar()).containsExactlyElementsOf(winter);

        List<CalendarDay> spring = List.of(day("2026-03-30", CalendarDay.Kind.BREAK, "Spring break"),
                day("2026-03-13", CalendarDay.Kind.EARLY_RELEASE, null));
        await(store.apply(new DirectoryChanges(null, null, spring), 2));
        assertThat(await(store.load()).calendar()).containsExactly(spring.get(1), spring.get(0));

        await(store.apply(new DirectoryChanges(null, null, List.of()), 3));
        Directory d = await(store.load());
        assertThat(d.calendar()).isEmpty();
        assertThat(d.people()).containsExactly(bare("a"));
        assertThat(d.version()).isEqualTo(4);
    }

    @Test
    void anEmptyChangeStillMovesTheVersion() {
        DirectoryStore store = open();
        await(store.apply(new DirectoryChanges(null, null, null), 0));
        assertThat(await(store.load()).version()).isEqualTo(1);
    }

    @Test
    void futuresCompleteOnTheCallersContext() {
        DirectoryStore store = open();
        Context ctx = vertx.getOrCreateContext();
        Promise<List<Boolean>> onCtx = Promise.promise();
        ctx.runOnContext(v -> {
            List<Boolean> seen = new ArrayList<>();
            store.apply(people(bare("a")), 0)
                    .compose(x -> {
                        seen.add(Vertx.currentContext() == ctx);
                        return store.load();
                    })
                    .compose(x -> {
                        seen.add(Vertx.currentContext() == ctx);
                        return store.apply(people(bare("b")), 0).otherwiseEmpty();
                    })
                    .onComplete(x -> {
                        seen.add(Vertx.currentContext() == ctx);
                        onCtx.complete(seen);
                    });
        });
        assertThat(await(onCtx.future())).containsExactly(true, true, true);
    }
}
