package io.warden.gateway.console;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import io.warden.gateway.testing.SettableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleSessionsTest {
    static final Duration IDLE = Duration.ofMinutes(30);
    static final Duration ABSOLUTE = Duration.ofHours(12);
    static final Principal JANE = new Principal("Jane Smith (oidc accounts.google.com/1098)", Role.LOCKDOWN);
    final SettableClock clock = new SettableClock(Instant.parse("2026-03-02T07:30:00Z"));
    @TempDir
    Path dir;
    Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        await(vertx.close());
    }

    ConsoleSessions store() {
        ConsoleSessions s = new ConsoleSessions(dir.resolve("console-sessions.json"), clock, IDLE, ABSOLUTE);
        await(s.load(vertx));
        return s;
    }

    @Test
    void aSessionIsFoundByItsCookieOnlyAndEachHasItsOwnRandomIdAndCsrfToken() {
        ConsoleSessions s = store();
        ConsoleSessions.Ticket t = s.create(JANE, "Jane Smith", "oidc accounts.google.com/1098");
        assertThat(t.cookieValue()).matches("[A-Za-z0-9_-]{43}");
        assertThat(s.find(t.cookieValue())).map(ConsoleSessions.Session::principal).contains(JANE);
        assertThat(s.find(t.cookieValue().substring(1) + "A")).isEmpty();
        assertThat(s.find("short")).isEmpty();
        assertThat(s.find(null)).isEmpty();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            ConsoleSessions.Ticket n = s.create(JANE, "Jane Smith", "x");
            assertThat(seen.add(n.cookieValue())).isTrue();
            assertThat(seen.add(n.session().csrf())).isTrue();
        }
    }

    @Test
    void sessionsSurviveANewStoreOnTheSameFileAndExpiredOnesAreDroppedOnLoad() throws Exception {
        ConsoleSessions first = store();
        ConsoleSessions.Ticket kept = first.create(JANE, "Jane Smith", "oidc accounts.google.com/1098");
        clock.advance(IDLE.minusMinutes(10));
        ConsoleSessions.Ticket fresh = first.create(new Principal("Operator (demo sign-in)", Role.OPERATOR), "Operator (demo)", "demo");
        first.find(fresh.cookieValue());
        await(first.flush());
        String file = Files.readString(dir.resolve("console-sessions.json"));
        assertThat(file).doesNotContain(kept.cookieValue()).doesNotContain(fresh.cookieValue());

        ConsoleSessions second = store();
        assertThat(second.find(kept.cookieValue())).map(ConsoleSessions.Session::csrf).contains(kept.session().csrf());
        clock.advance(IDLE.minusMinutes(5));
        // kept is used again; fresh was last used 25 minutes ago. 10 minutes later kept is live, fresh idle too long.
        assertThat(second.find(kept.cookieValue())).isPresent();
        await(second.flush());
        clock.advance(Duration.ofMinutes(10));
        ConsoleSessions third = store();
        assertThat(third.size()).isEqualTo(1);
        assertThat(third.find(fresh.cookieValue())).isEmpty();
        assertThat(third.find(kept.cookieValue())).isPresent();
    }

    @Test
    void touchesAreWrittenAtMostOnceAMinute() throws Exception {
        ConsoleSessions s = store();
        ConsoleSessions.Ticket t = s.create(JANE, "Jane Smith", "x");
        await(s.flush());
        Path file = dir.resolve("console-sessions.json");
        String created = Files.readString(file);
        clock.advance(Duration.ofSeconds(30));
        s.find(t.cookieValue());
        await(s.flush());
        assertThat(Files.readString(file)).as("a use 30 s later is not written").isEqualTo(created);
        clock.advance(Duration.ofSeconds(31));
        s.find(t.cookieValue());
        await(s.flush());
        assertThat(Files.readString(file)).contains(clock.instant().toString());
    }

    @Test
    void aDamagedFileStartsEmptyInsteadOfKeepingTheApiDown() throws Exception {
        Files.writeString(dir.resolve("console-sessions.json"), "{not json");
        ConsoleSessions s = store();
        assertThat(s.size()).isZero();
        ConsoleSessions.Ticket t = s.create(JANE, "Jane Smith", "x");
        await(s.flush());
        assertThat(store().find(t.cookieValue())).isPresent();
    }

    @Test
    void endedSessionsAreGoneAcrossARestartToo() {
        ConsoleSessions s = store();
        ConsoleSessions.Ticket t = s.create(JANE, "Jane Smith", "x");
        s.end(t.cookieValue());
        assertThat(s.find(t.cookieValue())).isEmpty();
        await(s.flush());
        assertThat(store().find(t.cookieValue())).isEmpty();
    }

    @Test
    void aFullStoreDropsTheLeastRecentlyUsed() {
        ConsoleSessions s = new ConsoleSessions(null, clock, IDLE, ABSOLUTE);
        ConsoleSessions.Ticket oldest = s.create(JANE, "Jane Smith", "x");
        clock.advance(Duration.ofSeconds(1));
        ConsoleSessions.Ticket used = s.create(JANE, "Jane Smith", "x");
        for (int i = 2; i < ConsoleSessions.MAX_SESSIONS; i++) s.create(JANE, "Jane Smith", "x");
        clock.advance(Duration.ofSeconds(1));
        s.find(used.cookieValue());
        s.create(JANE, "Jane Smith", "x");
        assertThat(s.size()).isEqualTo(ConsoleSessions.MAX_SESSIONS);
        assertThat(s.find(oldest.cookieValue())).isEmpty();
        assertThat(s.find(used.cookieValue())).isPresent();
    }

    @Test
    void peekingIsNotUseSoTheIdleLimitStaysPut() {
        ConsoleSessions s = new ConsoleSessions(null, clock, IDLE, ABSOLUTE);
        ConsoleSessions.Ticket t = s.create(JANE, "Jane Smith", "x");
        clock.advance(IDLE.minusMinutes(1));
        assertThat(s.peek(t.cookieValue())).map(ConsoleSessions.Session::lastSeen).contains(t.session().created());
        clock.advance(Duration.ofMinutes(1));
        assertThat(s.peek(t.cookieValue())).isEmpty();
        assertThat(s.peek("short")).isEmpty();
        assertThat(s.peek(null)).isEmpty();
    }

    @Test
    void aWatcherHearsOnceWhenItsSessionIsSignedOutReplacedOrFoundExpiredAndNotAfterCancelling() {
        ConsoleSessions s = new ConsoleSessions(null, clock, IDLE, ABSOLUTE);
        ConsoleSessions.Ticket a = s.create(JANE, "Jane Smith", "x");
        ConsoleSessions.Ticket b = s.create(JANE, "Jane Smith", "x");
        ConsoleSessions.Ticket c = s.create(JANE, "Jane Smith", "x");
        AtomicInteger aEnded = new AtomicInteger();
        AtomicInteger bEnded = new AtomicInteger();
        AtomicInteger cEnded = new AtomicInteger();
        s.watch(a.cookieValue(), aEnded::incrementAndGet);
        s.watch(a.cookieValue(), aEnded::incrementAndGet);
        s.watch(b.cookieValue(), bEnded::incrementAndGet);
        s.watch(c.cookieValue(), cEnded::incrementAndGet).cancel();
        assertThat(s.watched()).isEqualTo(2);

        s.end(a.cookieValue());
        s.end(a.cookieValue());
        assertThat(aEnded).as("each of a's two watchers, once").hasValue(2);
        assertThat(bEnded).hasValue(0);
        clock.advance(IDLE);
        assertThat(s.find(b.cookieValue())).isEmpty();
        assertThat(bEnded).as("found expired").hasValue(1);
        s.end(c.cookieValue());
        assertThat(cEnded).as("cancelled").hasValue(0);
        assertThat(s.watched()).isZero();
    }

    @Test
    void watchingASessionAlreadyGoneHearsAtOnceAndKeepsNothing() {
        ConsoleSessions s = new ConsoleSessions(null, clock, IDLE, ABSOLUTE);
        ConsoleSessions.Ticket t = s.create(JANE, "Jane Smith", "x");
        s.end(t.cookieValue());
        AtomicInteger ended = new AtomicInteger();
        s.watch(t.cookieValue(), ended::incrementAndGet);
        s.watch("not a cookie", ended::incrementAndGet);
        assertThat(ended).hasValue(2);
        assertThat(s.watched()).isZero();
    }

    @Test
    void limitsMustMakeSense() {
        assertThatThrownBy(() -> new ConsoleSessions(null, clock, Duration.ZERO, ABSOLUTE)).hasMessageContaining("idle");
        assertThatThrownBy(() -> new ConsoleSessions(null, clock, ABSOLUTE, IDLE)).hasMessageContaining("absolute");
    }
}
