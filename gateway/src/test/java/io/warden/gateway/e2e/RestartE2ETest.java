package io.warden.gateway.e2e;

import static io.warden.adapter.api.testing.Waits.until;
import static io.warden.gateway.e2e.E2eSite.actor;
import static io.warden.gateway.e2e.GatewayFixture.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.e2e.GatewayFixture.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A node restarted on the same data directory: a lockdown and its locked doors stay, a timed relock
 * runs at its time, and a crash is written down.
 */
class RestartE2ETest extends GatewayE2eTest {
    private static final List<String> MAIN = List.of("main-entrance", "front-office", "library");

    @Test
    void aRestartDuringALockdownKeepsItAndTheDoorsLocked() throws Exception {
        for (String door : List.of("main-entrance", "library")) {
            assertThat(gw.post("/api/v1/doors/" + door + "/unlock", gw.token("operator"), null).status()).isEqualTo(200);
            assertThat(gw.strikeOn(door)).isTrue();
        }
        Response started = gw.post("/api/v1/lockdowns", gw.token("lockdown"), new JsonObject().put("level", "lockdown")
                .put("scope", new JsonObject().put("zone", "main")).put("reason", "e2e: lockdown across a restart"));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String id = started.json().getString("id");
        JsonArray doorsBefore = started.json().getJsonArray("doors");
        assertThat(LockdownE2ETest.byId(started.json()).keySet()).containsExactlyElementsOf(MAIN);
        assertThat(LockdownE2ETest.byId(started.json()).values()).allSatisfy(d -> assertThat(d.getString("status")).isEqualTo("confirmed"));
        for (String door : MAIN) assertThat(gw.strikeOn(door)).as(door).isFalse();
        gw.reportsDelivered(MAIN.toArray(String[]::new)); // no stale unlocked report left for the next node (LockStateReportsE2ETest)
        int outs = outs();

        gw.restart();

        Response list = gw.get("/api/v1/lockdowns", gw.token("viewer"));
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        JsonArray items = list.json().getJsonArray("items");
        assertThat(items).hasSize(1);
        JsonObject kept = items.getJsonObject(0);
        assertThat(kept.getString("id")).isEqualTo(id);
        assertThat(kept.getBoolean("active")).isTrue();
        assertThat(kept.getString("startedBy")).isEqualTo(actor("lockdown"));
        assertThat(kept.getJsonArray("doors")).isEqualTo(doorsBefore);
        assertThat(gw.get("/api/v1/lockdowns/" + id, gw.token("viewer")).json().getBoolean("active")).isTrue();
        for (String door : MAIN) assertThat(gw.doorState(door).getString("lockdown")).as(door).isEqualTo(id);

        JsonObject refused = problem(gw.post("/api/v1/doors/main-entrance/unlock", gw.token("operator"), null), 409, "LOCKDOWN_ACTIVE");
        assertThat(refused.getString("detail")).contains(id).contains(actor("lockdown"));
        problem(gw.post("/api/v1/doors/library/pulse", gw.token("operator"), new JsonObject().put("seconds", 1)), 409, "LOCKDOWN_ACTIVE");
        for (String door : MAIN) {
            assertThat(gw.strikeOn(door)).as(door + " still locked at the PD").isFalse();
            until(() -> lockOf(door).equals("locked"), door + " locked as the new node reads it");
            until(() -> !commands(door, "lockdown (re-assert " + id + " at start)", "confirmed").isEmpty(), door + " locked again at start");
        }
        assertThat(outs()).as("the new node locked each locked-down door once at start, whatever it reported").isEqualTo(outs + MAIN.size());
        assertThat(gw.audit("type=config.loaded")).as("both starts are in the trail").hasSize(2);
        assertThat(gw.audit("type=gateway.stop")).as("the clean stop between them").hasSize(1);
        assertThat(gw.audit("type=gateway.unclean_shutdown")).isEmpty();

        Response released = gw.post("/api/v1/lockdowns/" + id + "/release", gw.token("lockdown"), null);
        assertThat(released.status()).as(released.body()).isEqualTo(200);
        // Every command now reaches the new node's controller, none the stopped one's (the bus would share them out).
        for (String door : MAIN) {
            Response unlock = gw.post("/api/v1/doors/" + door + "/unlock", gw.token("operator"), null);
            assertThat(unlock.status()).as(unlock.body()).isEqualTo(200);
            assertThat(unlock.json().getString("result")).as(unlock.body()).isEqualTo("confirmed");
            assertThat(unlock.json().getLong("latencyMs")).as("answered by a live controller").isLessThan(5_000);
            assertThat(gw.strikeOn(door)).as(door + " unlocked at the PD").isTrue();
        }
    }

    @Test
    void anUnlockUntilIsBoundedAndRelockedByTheGatewayAtItsTimeAcrossARestart() throws Exception {
        JsonObject tooFar = problem(gw.post("/api/v1/doors/library/unlock", gw.token("operator"),
                new JsonObject().put("until", Instant.now().plus(Duration.ofHours(13)).toString())), 400, "BAD_REQUEST");
        assertThat(tooFar.getString("detail")).contains("more than 12 h ahead").contains("doorPolicy.maxUnlockMinutes");
        assertThat(gw.strikeOn("library")).isFalse();

        Instant until = Instant.now().plusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
        Response unlock = gw.post("/api/v1/doors/library/unlock", gw.token("operator"), new JsonObject().put("until", until.toString()));
        assertThat(unlock.json().getString("result")).as(unlock.body()).isEqualTo("confirmed");
        assertThat(gw.strikeOn("library")).isTrue();
        long unlockSeq = commands("library", "unlock until " + until, "requested").get(0).getLong("seq");

        gw.restart();

        until(() -> !commands("library", "lock (relock)", "confirmed").isEmpty(), "the gateway's relock");
        JsonObject relock = commands("library", "lock (relock)", "confirmed").get(0);
        assertThat(relock.getString("actor")).isEqualTo("system");
        assertThat(Instant.parse(relock.getString("time"))).isAfterOrEqualTo(until);
        assertThat(relock.getString("detail")).contains("ends unlock until " + until + " by " + actor("operator"))
                .contains("(audit seq " + unlockSeq + ")");
        assertThat(gw.strikeOn("library")).isFalse();
    }

    @Test
    void aCrashPastTheTimeIsWrittenDownAndTheRelockRunsAtStart() throws Exception {
        Instant until = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
        Response unlock = gw.post("/api/v1/doors/library/unlock", gw.token("operator"), new JsonObject().put("until", until.toString()));
        assertThat(unlock.json().getString("result")).as(unlock.body()).isEqualTo("confirmed");

        gw.crash();
        until(() -> Instant.now().isAfter(until), "the time to pass while the gateway is down");
        gw.startAgain();

        assertThat(gw.audit("type=gateway.unclean_shutdown")).singleElement()
                .satisfies(e -> assertThat(e.getString("detail")).contains("ended without a clean stop"));
        assertThat(gw.audit("type=gateway.stop")).isEmpty();
        until(() -> !commands("library", "lock (relock)", "confirmed").isEmpty(), "the overdue relock");
        assertThat(commands("library", "lock (relock)", "confirmed").get(0).getString("detail"))
                .contains("due at " + until + " while the gateway was stopped");
        assertThat(gw.strikeOn("library")).isFalse();
    }

    @Test
    void aCrashWithACommandInFlightClosesItAsUnknownAtTheNextStart() throws Exception {
        CountDownLatch requested = new CountDownLatch(1);
        gw.gateway().events().subscribe(r -> "door.command".equals(r.entry().type()) && "gym-west".equals(r.entry().door())
                && "requested".equals(r.entry().result()), r -> requested.countDown());
        gw.pd("gym-west").faults().silent(true); // the PD never answers: the unlock stays in flight
        CompletableFuture<Response> unlock = CompletableFuture.supplyAsync(() -> {
            try {
                return gw.post("/api/v1/doors/gym-west/unlock", gw.token("operator"), null);
            } catch (Exception e) {
                return null; // the connection dies with the node
            }
        });
        assertThat(requested.await(GatewayFixture.DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("the unlock requested").isTrue();
        gw.crash();
        Response lost = unlock.get(GatewayFixture.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(lost == null || lost.status() >= 500).as("no confirmation from a node that died").isTrue();
        gw.pd("gym-west").faults().silent(false);
        gw.startAgain();

        List<JsonObject> trail = gw.audit("type=door.command&door=gym-west");
        assertThat(trail).extracting(e -> e.getString("result")).containsExactly("requested", "unknown");
        JsonObject closed = trail.get(1);
        assertThat(closed.getString("action")).isEqualTo("unlock");
        assertThat(closed.getString("actor")).isEqualTo(actor("operator"));
        assertThat(closed.getString("detail")).contains("outcome unknown").contains("requested record seq " + trail.get(0).getLong("seq"));
        assertThat(gw.audit("type=gateway.unclean_shutdown")).singleElement()
                .satisfies(e -> assertThat(e.getString("detail")).contains("1 command(s)"));
    }

    /** The door command records of {@code door} with this action and result, oldest first. */
    private List<JsonObject> commands(String door, String action, String result) {
        try {
            return gw.audit("type=door.command&door=" + door + "&result=" + result).stream()
                    .filter(e -> action.equals(e.getString("action"))).toList();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String lockOf(String door) {
        try {
            return gw.doorState(door).getString("lock");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** OUT commands run by line-a's PDs 1 (main-entrance, front-office) and 2 (library). */
    private int outs() {
        return gw.outsRun("main-entrance") + gw.outsRun("library");
    }
}
