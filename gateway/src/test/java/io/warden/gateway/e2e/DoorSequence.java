package io.warden.gateway.e2e;

import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.warden.gateway.e2e.GatewayFixture.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A seeded random run of lock, unlock, unlock-until and pulse through the API on one door, some
 * steps issuing several commands at once. After each step: every response is a confirmation of the
 * state its command asks for; the strike at the simulated PD is what the composition rules
 * ({@code DoorCommand}) predict, where they predict it without doubt; and the API's lock state, the
 * PD's strike and the last {@code door.lock} record of the audit trail agree once settled. At the
 * end every command is in the trail, requested and confirmed. Blocking; from a test or main thread.
 */
final class DoorSequence {
    /** Clock and timer slack at the PD: its timer starts when the OUT arrives and counts 100 ms units. */
    private static final Duration SLACK = Duration.ofMillis(300);

    private final GatewayFixture gw;
    private final String door;
    private final Random random;
    private final ExecutorService clients = Executors.newFixedThreadPool(4);
    /** What the rules predict: null = locked, {@link Instant#MAX} = unlocked until a lock; else unlocked until then. */
    private Instant earliestEnd;
    /** The same end counted from when the command was confirmed: the strike must have dropped after it. */
    private Instant latestEnd;
    /** False after overlapping commands (their order at the door is not known) until a command resets it. */
    private boolean predicted = true;
    private long auditCursor;
    private String lastAuditLock;
    private int commands;

    DoorSequence(GatewayFixture gw, String door, long seed) {
        this.gw = gw;
        this.door = door;
        this.random = new Random(seed);
    }

    /** Runs {@code steps} steps; returns the number of commands sent. */
    int run(int steps) throws Exception {
        try {
            settle(0);
            for (int step = 1; step <= steps; step++) {
                int burst = random.nextInt(5) == 0 ? 2 + random.nextInt(3) : 1;
                List<Command> batch = new ArrayList<>();
                for (int i = 0; i < burst; i++) batch.add(next());
                send(batch, step);
                checkStrike(step);
                settle(step);
            }
            checkTrail();
            return commands;
        } finally {
            clients.shutdownNow();
        }
    }

    /** One command: its API path and body, and how it changes the prediction. */
    private record Command(String action, JsonObject body, Duration pulse, Instant until) {
        @Override
        public String toString() {
            return action + (body == null ? "" : " " + body.encode());
        }
    }

    private Command next() {
        int pick = random.nextInt(100);
        if (pick < 25) return new Command("lock", null, null, null);
        if (pick < 40) return new Command("unlock", null, null, null);
        if (pick < 65) {
            Instant until = random.nextInt(20) == 0 ? Instant.now().plus(Duration.ofHours(1))
                    : Instant.now().plusMillis(400 + random.nextInt(2000));
            return new Command("unlock", new JsonObject().put("until", until.toString()), null, until);
        }
        int seconds = 1 + random.nextInt(2);
        return new Command("pulse", new JsonObject().put("seconds", seconds), Duration.ofSeconds(seconds), null);
    }

    private void send(List<Command> batch, int step) throws Exception {
        Instant sent = Instant.now();
        List<CompletableFuture<Response>> replies = new ArrayList<>();
        for (Command c : batch) {
            replies.add(CompletableFuture.supplyAsync(() -> post(c), clients));
        }
        for (int i = 0; i < batch.size(); i++) {
            Command c = batch.get(i);
            Response r = replies.get(i).get();
            assertThat(r.status()).as("step %d: %s -> %s", step, c, r.body()).isEqualTo(200);
            assertThat(r.json().getString("result")).as("step %d: %s", step, c).isEqualTo("confirmed");
            commands++;
        }
        Instant confirmed = Instant.now();
        if (batch.size() > 1) {
            predicted = false;
            return;
        }
        Command c = batch.get(0);
        if (c.action.equals("lock")) {
            earliestEnd = latestEnd = null;
            predicted = true;
        } else if (c.action.equals("unlock")) {
            earliestEnd = c.until == null ? Instant.MAX : c.until;
            latestEnd = c.until == null ? Instant.MAX : c.until.plus(Duration.between(sent, confirmed));
            predicted = true;
        } else if (predicted && earliestEnd != Instant.MAX) {
            boolean running = earliestEnd != null && earliestEnd.isAfter(sent);
            earliestEnd = running && earliestEnd.isAfter(sent.plus(c.pulse)) ? earliestEnd : sent.plus(c.pulse);
            Instant pulseEnd = confirmed.plus(c.pulse);
            latestEnd = running && latestEnd.isAfter(pulseEnd) ? latestEnd : pulseEnd;
        }
    }

    private Response post(Command c) {
        try {
            return gw.post("/api/v1/doors/" + door + "/" + c.action, gw.token("operator"), c.body);
        } catch (Exception e) {
            throw new AssertionError(c + " failed: " + e, e);
        }
    }

    /** The strike as the rules predict it, where they do so without doubt. */
    private void checkStrike(int step) {
        if (!predicted) return;
        Instant now = Instant.now();
        boolean on = gw.strikeOn(door);
        if (earliestEnd == null || latestEnd != Instant.MAX && now.isAfter(latestEnd.plus(SLACK))) {
            assertThat(on).as("step %d: strike released though the door should be locked (end %s)", step, earliestEnd).isFalse();
        } else if (earliestEnd == Instant.MAX || now.isBefore(earliestEnd.minus(Duration.ofMillis(50)))) {
            assertThat(on).as("step %d: strike not released though the door should be unlocked until %s", step, earliestEnd).isTrue();
        }
    }

    /** Waits until the API, the PD and the trail say the same; fails with what each said last. */
    private void settle(int step) {
        String[] seen = new String[1];
        try {
            until(() -> {
                try {
                    boolean before = gw.strikeOn(door);
                    String api = gw.doorState(door).getString("lock");
                    boolean strike = gw.strikeOn(door);
                    readTrail(step);
                    String pd = strike ? "unlocked" : "locked";
                    seen[0] = "API says %s, PD strike %s, last door.lock in the trail %s".formatted(api, pd, lastAuditLock);
                    return before == strike && pd.equals(api) && pd.equals(lastAuditLock == null ? "locked" : lastAuditLock);
                } catch (Exception e) {
                    throw new AssertionError("step " + step + ": " + e, e);
                }
            }, "step " + step + " to settle");
        } catch (AssertionError e) {
            throw new AssertionError("step %d: %s (%s)".formatted(step, seen[0], e.getMessage()), e);
        }
    }

    /** Reads the door.lock records added since the last call; consecutive ones must differ (each is a change). */
    private void readTrail(int step) throws Exception {
        Response r = gw.get("/api/v1/audit?type=door.lock&door=" + door + "&limit=1000&cursor=" + auditCursor, gw.token("investigator"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        for (Object o : r.json().getJsonArray("items")) {
            JsonObject e = (JsonObject) o;
            assertThat(e.getString("detail")).as("step %d: door.lock seq %d repeats the state before it", step, e.getLong("seq"))
                    .isNotEqualTo(lastAuditLock);
            lastAuditLock = e.getString("detail");
            auditCursor = e.getLong("seq");
        }
    }

    private void checkTrail() throws Exception {
        List<JsonObject> trail = gw.audit("type=door.command&door=" + door);
        assertThat(trail.stream().filter(e -> "requested".equals(e.getString("result")))).as("requested").hasSize(commands);
        assertThat(trail.stream().filter(e -> "confirmed".equals(e.getString("result")))).as("confirmed").hasSize(commands);
    }
}
