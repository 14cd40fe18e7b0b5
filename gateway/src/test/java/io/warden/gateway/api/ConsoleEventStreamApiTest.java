package io.warden.gateway.api;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.warden.gateway.audit.AuditEntry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * An event stream opened with a console session lasts no longer than the session: sign-out ends it at
 * once, an expiry at the next heartbeat; the stream itself does not keep the session alive; and a
 * bearer-token stream goes on regardless.
 */
class ConsoleEventStreamApiTest extends ConsoleApiTestBase {
    /** Tests so tagged get no heartbeat in their time: what ends their streams is the sign-out itself. */
    static final String NO_HEARTBEAT = "noHeartbeat";
    private static final String EVENTS = "/api/v1/events";
    private final boolean heartbeats;

    ConsoleEventStreamApiTest(TestInfo test) {
        heartbeats = !test.getTags().contains(NO_HEARTBEAT);
    }

    @Override
    Duration heartbeat() {
        return heartbeats ? super.heartbeat() : Duration.ofHours(1);
    }

    private long doorEvent(String door) {
        return await(audit.append(new AuditEntry(Instant.now(), "door.forced", "osdp-1", null, "north-hs", "bldg-a", door, null, null,
                null, "ok", "forced at " + door))).seq();
    }

    private SseTestClient stream(SignedIn s) {
        SseTestClient c = SseTestClient.withCookie(vertx, port, EVENTS, "warden_session=" + s.cookie());
        assertThat(c.response.statusCode()).isEqualTo(200);
        return c;
    }

    private static int heartbeats(SseTestClient c) {
        return c.raw().split(": heartbeat\n\n", -1).length - 1;
    }

    /** Waits for two more heartbeats: the stream has looked at its session at least once since now. */
    private static void twoHeartbeats(SseTestClient c) {
        int seen = heartbeats(c);
        until(() -> heartbeats(c) >= seen + 2 || c.ended(), "two heartbeats");
    }

    @Test
    @Tag(NO_HEARTBEAT)
    void signingOutEndsTheSessionsStreamAtOnceAndItsReconnectIsRefused() {
        SignedIn s = signIn("operator");
        SseTestClient c = stream(s);
        until(() -> hub.subscriberCount() == 1, "subscription");
        long before = doorEvent("d1");
        until(() -> c.ids().contains(before), "a record while signed in");

        assertThat(withCookie(HttpMethod.POST, ConsoleRoutes.LOGOUT, s, s.csrf(), origin()).statusCode()).isEqualTo(204);
        until(c::ended, "the stream ended by the sign-out, long before any heartbeat");
        until(() -> hub.subscriberCount() == 0, "its subscription cancelled");
        doorEvent("d2");
        assertThat(c.ids()).containsExactly(before);

        SseTestClient again = SseTestClient.withCookie(vertx, port, EVENTS, "warden_session=" + s.cookie());
        assertThat(again.response.statusCode()).as("the reconnect sends the console to its sign-in page").isEqualTo(401);
        again.close();
        c.close();
    }

    @Test
    @Tag(NO_HEARTBEAT)
    void aNewSignInOnTheSameBrowserEndsTheOldSessionsStream() {
        SignedIn s = signIn("viewer");
        SseTestClient c = stream(s);
        var again = await(client.post(ConsoleRoutes.DEMO).putHeader("Origin", origin()).putHeader("Content-Type", "application/json")
                .putHeader("Cookie", "warden_session=" + s.cookie()).sendBuffer(Buffer.buffer("{\"role\":\"operator\"}")));
        assertThat(again.statusCode()).isEqualTo(200);
        until(c::ended, "the replaced session's stream ended");
        c.close();
    }

    @Test
    void aStreamEndsAtTheNextHeartbeatAfterItsSessionIdlesOutAndDoesNotKeepItAlive() {
        SignedIn s = signIn("operator");
        clock.advance(Duration.ofMinutes(20));
        SseTestClient c = stream(s); // opening it is not use either: the session stays idle since sign-in
        long seen = doorEvent("d1");
        until(() -> c.ids().contains(seen), "live record");
        clock.advance(Duration.ofMinutes(9));
        twoHeartbeats(c);
        assertThat(c.ended()).as("29 minutes idle: still signed in").isFalse();

        clock.advance(Duration.ofMinutes(2)); // 31 minutes since the last use, however many heartbeats went out
        until(c::ended, "the stream ended at a heartbeat");
        until(() -> hub.subscriberCount() == 0, "its subscription cancelled");
        problem(withCookie(HttpMethod.GET, ConsoleRoutes.SESSION, s, null, null), 401, "UNAUTHORIZED");
        c.close();
    }

    @Test
    void aStreamEndsAtItsSessionsAbsoluteLimitThoughThePersonKeepsUsingTheConsole() {
        SignedIn s = signIn("operator");
        SseTestClient c = stream(s);
        for (Duration used = Duration.ZERO; used.compareTo(ABSOLUTE.minusMinutes(20)) < 0; used = used.plusMinutes(20)) {
            clock.advance(Duration.ofMinutes(20));
            assertThat(withCookie(HttpMethod.GET, "/api/v1/doors", s, null, null).statusCode()).isEqualTo(200);
        }
        twoHeartbeats(c);
        assertThat(c.ended()).isFalse();
        clock.advance(Duration.ofMinutes(20));
        until(c::ended, "the stream ended at the absolute limit");
        c.close();
    }

    @Test
    void aBearerStreamGoesOnWhenConsoleSessionsEndOrExpire() {
        SignedIn out = signIn("operator");
        SignedIn idle = signIn("viewer");
        SseTestClient bearer = SseTestClient.open(vertx, port, EVENTS, "viewer-token", null);
        SseTestClient signedOut = stream(out);
        SseTestClient idled = stream(idle);
        until(() -> hub.subscriberCount() == 3, "three subscriptions");

        assertThat(withCookie(HttpMethod.POST, ConsoleRoutes.LOGOUT, out, out.csrf(), origin()).statusCode()).isEqualTo(204);
        clock.advance(ABSOLUTE.plusMinutes(1));
        until(() -> signedOut.ended() && idled.ended(), "both console streams ended");
        twoHeartbeats(bearer);
        long after = doorEvent("d1");
        until(() -> bearer.ids().contains(after), "the bearer stream still delivers");
        assertThat(bearer.ended()).isFalse();
        assertThat(hub.subscriberCount()).isEqualTo(1);
        bearer.close();
        signedOut.close();
        idled.close();
    }
}
