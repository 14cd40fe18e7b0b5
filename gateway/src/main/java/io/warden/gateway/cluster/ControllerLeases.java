package io.warden.gateway.cluster;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import io.warden.adapter.api.LinePermit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Controller ownership as leases in PostgreSQL with fencing tokens, and the nodes' liveness beside them.
 *
 * <p>One row per controller: the node holding it, its fencing token and when it expires, always in
 * DATABASE time ({@code now()}), so nodes' wall clocks never matter. Taking a row is a conditional UPSERT,
 * so two nodes can never both hold it: a node takes a row only when there is none, it has expired, or it
 * is already its own; every new holding gets token + 1.
 *
 * <p><b>One round per tick</b> (every {@code renewEvery}): ONE statement upserts this node's heartbeat in
 * {@code warden_nodes}, renews every lease it holds (its own, same token, not yet expired) and reads which
 * nodes are live and which claimable controllers other nodes hold; then, when there is anything to take,
 * ONE statement acquires the free ones. So the cost of keeping N leases does not grow with N in statements,
 * and the keeper runs on a pool of its own ({@link ClusterDatabase#LEASE_POOL_SIZE}), so audit or lockdown
 * load on the shared pool never queues a renewal.
 *
 * <p><b>Fair share.</b> Controllers that the same set of nodes may own form a group (a serial line wired to
 * one node is a group of that node alone; lines any node may own are one group). A node is live while its
 * heartbeat is younger than ttl; in each group it takes free controllers only up to
 * ceil(controllers in the group / live nodes that may own them, itself included). The sum of the shares
 * covers the group, so a free line always has a live node with room for it. While a node is starting (its
 * first ttl + renewEvery) it counts at least every node that may own the group (the names listed, or the
 * district's {@code districtNodes} for lines any node may own) as if live, since the others may be a few
 * seconds behind it: nodes of a district started within that window split the lines evenly, and a node
 * that starts alone takes the rest once its window ends, within the same bound as a takeover. A held,
 * unexpired lease is never taken away, and nothing is rebalanced: a node that joins later takes free lines
 * only, because moving a line means a reconnect and a gap in driving its doors. A dead node's heartbeat goes
 * stale at the same database instant as its last renewed leases expire (one statement wrote both), so the
 * survivors' shares grow as its lines free up and they take them over within ttl + renewEvery.
 *
 * <p>The permit of a held controller is valid until the local monotonic time taken right BEFORE the
 * last successful acquire/renew statement was sent, plus ttl − margin. The row in the database expires
 * no earlier than ttl after that moment, so the permit lapses on the holder at least {@code margin}
 * before any other node can take the row. {@link LinePermit#mayDrive} compares {@link System#nanoTime}
 * with that deadline on every call, so a JVM paused past its deadline resumes refusing. An answer that
 * comes after the deadline never revives a permit.
 *
 * <p>All timers, statements' results and listener calls run on one Vert.x context (the caller's, or a
 * new one); nothing blocks.
 */
public final class ControllerLeases {
    private static final Logger log = LoggerFactory.getLogger(ControllerLeases.class);

    /** The leases and the nodes' heartbeats, created by {@link PgSchema}'s migration 2. */
    public static final List<String> DDL = List.of("""
            CREATE TABLE warden_controller_leases (
                controller_id text PRIMARY KEY,
                node          text NOT NULL,
                token         bigint NOT NULL,
                expires_at    timestamptz NOT NULL,
                acquired_at   timestamptz NOT NULL,
                renewed_at    timestamptz NOT NULL
            )""", """
            CREATE TABLE warden_nodes (
                node    text PRIMARY KEY,
                seen_at timestamptz NOT NULL
            )""");

    /*
     * A round: heartbeat, renew our holdings ($3 ids with $4 tokens), and report what the acquisition needs:
     * the other live nodes and which of our claimable controllers ($5) other nodes hold. now() is the same
     * for every part (one transaction), so a heartbeat and the leases renewed with it go stale together.
     */
    private static final String ROUND = """
            WITH beat AS (
                INSERT INTO warden_nodes (node, seen_at) VALUES ($1, now())
                ON CONFLICT (node) DO UPDATE SET seen_at = now()
            ), renewed AS (
                UPDATE warden_controller_leases l
                   SET expires_at = now() + $2::bigint * interval '1 millisecond', renewed_at = now()
                  FROM unnest($3::text[], $4::bigint[]) AS h(controller_id, token)
                 WHERE l.controller_id = h.controller_id AND l.token = h.token AND l.node = $1 AND l.expires_at > now()
                RETURNING l.controller_id, l.token
            )
            SELECT 'renewed' AS kind, controller_id AS name, token FROM renewed
            UNION ALL
            SELECT 'live', node, NULL FROM warden_nodes
             WHERE node <> $1 AND seen_at > now() - $2::bigint * interval '1 millisecond'
            UNION ALL
            SELECT 'taken', controller_id, NULL FROM warden_controller_leases
             WHERE controller_id = ANY($5::text[]) AND node <> $1 AND expires_at > now()""";

    /*
     * Acquire ($3): insert, or take over a row that has expired or is already ours; a new holding gets
     * token + 1. Rows another node holds unexpired do not come back. In id order, so that two nodes taking
     * overlapping sets lock the rows in the same order.
     */
    private static final String ACQUIRE = """
            INSERT INTO warden_controller_leases AS l (controller_id, node, token, expires_at, acquired_at, renewed_at)
            SELECT id, $1, 1, now() + $2::bigint * interval '1 millisecond', now(), now()
              FROM unnest($3::text[]) AS id ORDER BY id
            ON CONFLICT (controller_id) DO UPDATE
               SET node = excluded.node, token = l.token + 1, expires_at = excluded.expires_at,
                   acquired_at = now(), renewed_at = now()
             WHERE l.node = excluded.node OR l.expires_at <= now()
            RETURNING controller_id, token""";

    /* Release at stop: our rows expire now and our heartbeat goes, so the others' shares grow at once. */
    private static final String RELEASE = """
            WITH gone AS (DELETE FROM warden_nodes WHERE node = $1)
            UPDATE warden_controller_leases SET expires_at = now(), renewed_at = now()
             WHERE node = $1 AND controller_id = ANY($2) AND expires_at > now()""";

    private static final String ALL = """
            SELECT controller_id, CASE WHEN expires_at > now() THEN node END AS holder, token, expires_at
              FROM warden_controller_leases ORDER BY controller_id""";

    /** One controller's lease as the database holds it. {@code node} null: nobody holds it. */
    public record Lease(String controllerId, String node, long token, Instant expiresAt) {}

    /**
     * @param ttl        how long a lease lasts unrenewed (database time); another node takes it after that
     * @param renewEvery how often the holder renews (and a non-holder tries to acquire)
     * @param margin     the holder stops driving the line this long before ttl runs out on its own clock
     */
    public record Settings(Duration ttl, Duration renewEvery, Duration margin) {
        public Settings {
            Objects.requireNonNull(ttl, "ttl");
            Objects.requireNonNull(renewEvery, "renewEvery");
            Objects.requireNonNull(margin, "margin");
            if (ttl.isNegative() || ttl.isZero() || renewEvery.isNegative() || renewEvery.isZero() || margin.isNegative()) {
                throw new IllegalArgumentException("lease ttl and renewEvery must be positive and margin not negative");
            }
            if (renewEvery.toMillis() < 1) {
                throw new IllegalArgumentException("lease renewEvery must be at least 1 ms: " + renewEvery);
            }
            if (renewEvery.compareTo(ttl.minus(margin)) >= 0) {
                throw new IllegalArgumentException("lease renewEvery (" + renewEvery + ") must be shorter than ttl - margin (" + ttl.minus(margin) + ")");
            }
        }

        /** renewEvery = ttl / 5, margin = 0.3 × ttl (ttl 10 s: renew every 2 s, stop driving 3 s early). */
        public static Settings of(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            return new Settings(ttl, ttl.dividedBy(5), ttl.multipliedBy(3).dividedBy(10));
        }
    }

    /** Told on the keeper's context; never blocks. */
    public interface Listener {
        /** This node now holds {@code controllerId} with a new fencing {@code token}: start driving the line. */
        void acquired(String controllerId, long token);

        /** This node no longer holds it (lapsed, taken, released at stop): its permit already refuses. */
        void lost(String controllerId, String reason);
    }

    private final Vertx vertx;
    private final Context context;
    private final Pool pool;
    private final String node;
    private final Settings settings;
    private final Listener listener;
    private final int districtNodes;
    /** Until then (nanoTime) this node is starting: see the class comment on fair shares. */
    private final long settledAt;
    private final Map<String, Held> leases = new LinkedHashMap<>();
    /** The claimable controllers grouped by who may own them (sorted node ids; empty: any node). */
    private final Map<List<String>, List<Held>> groups = new LinkedHashMap<>();
    private final List<Future<?>> inFlight = new ArrayList<>();
    private volatile boolean stopped;
    private long renewTimer = -1;
    private long lapseTimer = -1;
    /** The round on the wire (heartbeat + renewal, then acquisition), null when none; one at a time. */
    private Object round;
    private long roundTimeout = -1;
    private Future<Void> stopping;

    private ControllerLeases(Vertx vertx, Context context, Pool pool, String node, Map<String, List<String>> mine, int districtNodes,
                             Settings settings, Listener listener) {
        this.vertx = vertx;
        this.context = context;
        this.pool = pool;
        this.node = node;
        this.settings = settings;
        this.listener = listener;
        this.districtNodes = districtNodes;
        this.settledAt = System.nanoTime() + settings.ttl().plus(settings.renewEvery()).toNanos();
        mine.forEach((id, owners) -> {
            Held held = new Held(id);
            leases.put(id, held);
            groups.computeIfAbsent(owners, k -> new ArrayList<>()).add(held);
        });
    }

    /** As {@link #start(Vertx, Pool, String, Map, int, Settings, Listener)} with the district's size unknown (1). */
    public static Future<ControllerLeases> start(Vertx vertx, Pool pool, String node, Map<String, List<String>> claims, Settings settings,
                                                 Listener listener) {
        return start(vertx, pool, node, claims, 1, settings, listener);
    }

    /**
     * Start keeping the leases of the controllers this node may own.
     *
     * @param pool   a pool for the leases alone (see {@link ClusterDatabase#pool(Vertx, io.warden.gateway.config.ClusterConfig.Database,
     *               io.warden.gateway.config.Secrets, int)}): renewals must never wait behind other work
     * @param claims controller id → the nodes allowed to own it (this node among them); an empty list
     *               means any node may own it. Controllers whose list names other nodes only are skipped.
     * @param districtNodes how many nodes the district has (this one included): while starting, this node takes
     *               no more than its share among that many of the lines any node may own
     * @return completes once the keeper runs; its first round is already sent then
     */
    public static Future<ControllerLeases> start(Vertx vertx, Pool pool, String node, Map<String, List<String>> claims, int districtNodes,
                                                 Settings settings, Listener listener) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(listener, "listener");
        Map<String, List<String>> mine = new LinkedHashMap<>();
        claims.forEach((id, nodes) -> {
            if (nodes == null || nodes.isEmpty() || nodes.contains(node)) {
                mine.put(id, nodes == null ? List.of() : nodes.stream().distinct().sorted().toList());
            }
        });
        Context context = vertx.getOrCreateContext();
        ControllerLeases leases = new ControllerLeases(vertx, context, pool, node, mine, Math.max(1, districtNodes), settings, listener);
        Promise<ControllerLeases> started = Promise.promise();
        context.runOnContext(v -> {
            leases.renewTimer = vertx.setPeriodic(settings.renewEvery().toMillis(), t -> leases.tick());
            long check = Math.max(20, Math.min(250, settings.renewEvery().toMillis() / 10));
            leases.lapseTimer = vertx.setPeriodic(check, t -> leases.checkLapses());
            leases.tick();
            log.info("event=leases_started node={} controllers={} groups={} ttl_ms={} renew_ms={} margin_ms={}", node, mine.size(),
                    leases.groups.size(), settings.ttl().toMillis(), settings.renewEvery().toMillis(), settings.margin().toMillis());
            started.complete(leases);
        });
        return started.future();
    }

    /**
     * The permit adapters ask before every write to {@code controllerId}'s line: granted while this node
     * holds the lease and its local deadline has not passed, refused from the moment {@link #stop} is
     * called. A controller this node never claims is always refused.
     */
    public LinePermit permit(String controllerId) {
        Held held = leases.get(controllerId);
        if (held == null) {
            return new LinePermit() {
                @Override
                public boolean mayDrive() {
                    return false;
                }

                @Override
                public String refusal() {
                    return "node " + node + " may not own controller " + controllerId;
                }
            };
        }
        return held;
    }

    /**
     * Every controller's lease in the database (for {@code /api/v1/nodes}), by controller id; a row that
     * has expired (by database time) has node null. Controllers never acquired by any node have no row.
     */
    public Future<List<Lease>> all() {
        return pool.query(ALL).execute().map(rows -> {
            List<Lease> out = new ArrayList<>();
            for (Row row : rows) {
                out.add(new Lease(row.getString("controller_id"), row.getString("holder"), row.getLong("token"),
                        row.getOffsetDateTime("expires_at").toInstant()));
            }
            return out;
        });
    }

    /**
     * Stop renewing and release the leases held, so that another node takes the lines over at once.
     * Permits refuse from the moment this is called; {@code lost} is told for each lease held. Waits for
     * statements already sent, so none of them can re-take a row after the release. This node's heartbeat
     * is removed with the release, so the other nodes' fair shares grow at once.
     */
    public Future<Void> stop() {
        stopped = true;
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            if (stopping != null) {
                stopping.onComplete(done);
                return;
            }
            vertx.cancelTimer(renewTimer);
            vertx.cancelTimer(lapseTimer);
            vertx.cancelTimer(roundTimeout);
            List<String> released = new ArrayList<>();
            for (Held held : leases.values()) {
                if (held.holding) {
                    released.add(held.id);
                    lose(held, "released: node " + node + " is stopping");
                }
            }
            // Bounded: a statement stuck on a dead connection must not hold the stop up for ever.
            Promise<Void> settled = Promise.promise();
            long bound = vertx.setTimer(settings.ttl().toMillis(), t -> settled.tryComplete());
            Future.join(new ArrayList<>(inFlight)).onComplete(ar -> {
                vertx.cancelTimer(bound);
                settled.tryComplete();
            });
            stopping = settled.future().transform(ignored -> pool.preparedQuery(RELEASE)
                    .execute(Tuple.tuple().addString(node).addArrayOfString(leases.keySet().toArray(new String[0])))
                    .onSuccess(rows -> log.info("event=leases_released node={} released={}", node, rows.rowCount()))
                    .onFailure(e -> log.warn("event=leases_release_failed node={} held={} error=\"{}\"", node, released, e.getMessage()))
                    .<Void>mapEmpty()
                    .otherwiseEmpty()); // the rows then expire on their own; permits refuse already
            stopping.onComplete(done);
        });
        return done.future();
    }

    /** A round: heartbeat and renew everything held in one statement, then take free controllers in one more. */
    private void tick() {
        if (stopped) {
            return;
        }
        checkLapses();
        if (round != null) {
            return; // the last round is still on the wire; its timeout frees the way if it is stuck
        }
        Object mark = new Object();
        round = mark;
        // A round stuck on a dead connection must not stop later rounds; its late answers are judged as late.
        roundTimeout = vertx.setTimer(settings.ttl().minus(settings.margin()).toMillis(), t -> {
            if (round == mark) {
                round = null;
                log.warn("event=lease_round_timed_out node={} held={}", node, heldCount());
                checkLapses();
            }
        });
        Map<String, Long> renewing = new LinkedHashMap<>();
        leases.values().stream().filter(h -> h.holding).forEach(h -> renewing.put(h.id, h.token));
        long sentAt = System.nanoTime();
        Future<RowSet<Row>> sent = pool.preparedQuery(ROUND).execute(Tuple.tuple()
                .addString(node)
                .addLong(settings.ttl().toMillis())
                .addArrayOfString(renewing.keySet().toArray(new String[0]))
                .addArrayOfLong(renewing.values().toArray(new Long[0]))
                .addArrayOfString(leases.keySet().toArray(new String[0])));
        track(sent).onComplete(ar -> onContext(() -> {
            if (stopped) {
                endRound(mark);
                return;
            }
            if (ar.failed()) {
                if (!renewing.isEmpty()) {
                    log.warn("event=lease_renew_failed node={} held={} error=\"{}\"", node, renewing.size(), ar.cause().getMessage());
                }
                checkLapses();
                endRound(mark);
                return;
            }
            Set<String> renewed = new HashSet<>();
            Set<String> live = new HashSet<>();
            Set<String> taken = new HashSet<>();
            for (Row row : ar.result()) {
                String name = row.getString("name");
                switch (row.getString("kind")) {
                    case "renewed" -> renewed.add(name + "#" + row.getLong("token"));
                    case "live" -> live.add(name);
                    default -> taken.add(name);
                }
            }
            renewing.forEach((id, token) -> renewed(leases.get(id), token, renewed.contains(id + "#" + token), sentAt));
            if (round != mark) {
                return; // this round timed out: a newer one decides what to take
            }
            List<String> wanted = toAcquire(live, taken);
            if (wanted.isEmpty()) {
                endRound(mark);
            } else {
                acquire(wanted, mark);
            }
        }));
    }

    /**
     * What to take this round: in each group, free controllers (no live row of another node) up to this
     * node's fair share, in an order of this node's own (rendezvous hashing) so that nodes taking lines
     * at the same moment mostly pick different ones.
     */
    private List<String> toAcquire(Set<String> liveOthers, Set<String> taken) {
        boolean starting = System.nanoTime() - settledAt < 0;
        List<String> wanted = new ArrayList<>();
        groups.forEach((owners, members) -> {
            long sharers = 1 + (owners.isEmpty() ? liveOthers.size() : owners.stream().filter(liveOthers::contains).count());
            if (starting) {
                sharers = Math.max(sharers, owners.isEmpty() ? districtNodes : owners.size());
            }
            long share = (members.size() + sharers - 1) / sharers;
            long held = members.stream().filter(h -> h.holding).count();
            members.stream()
                    .filter(h -> !h.holding && !taken.contains(h.id))
                    .sorted(Comparator.comparingLong(h -> rank(h.id)))
                    .limit(Math.max(0, share - held))
                    .forEach(h -> wanted.add(h.id));
        });
        return wanted;
    }

    private void acquire(List<String> ids, Object mark) {
        long sentAt = System.nanoTime();
        Future<RowSet<Row>> sent = pool.preparedQuery(ACQUIRE).execute(Tuple.tuple()
                .addString(node).addLong(settings.ttl().toMillis()).addArrayOfString(ids.toArray(new String[0])));
        track(sent).onComplete(ar -> onContext(() -> {
            endRound(mark);
            if (stopped) {
                return;
            }
            if (ar.failed()) {
                log.debug("event=lease_acquire_failed node={} controllers={} error=\"{}\"", node, ids.size(), ar.cause().getMessage());
                return;
            }
            for (Row row : ar.result()) {
                Held held = leases.get(row.getString("controller_id"));
                if (held != null) {
                    acquired(held, row.getLong("token"), sentAt);
                }
            }
        }));
    }

    private Future<RowSet<Row>> track(Future<RowSet<Row>> sent) {
        inFlight.add(sent);
        return sent.onComplete(ar -> onContext(() -> inFlight.remove(sent)));
    }

    private void endRound(Object mark) {
        if (round == mark) {
            round = null;
            vertx.cancelTimer(roundTimeout);
        }
    }

    /** The answer about one holding we asked to renew; {@code ok}: the database renewed it. */
    private void renewed(Held held, long token, boolean ok, long sentAt) {
        checkLapse(held); // an answer after the deadline finds the permit lapsed and never revives it
        if (!held.holding || held.token != token) {
            return;
        }
        if (!ok) {
            lose(held, "lease of " + held.id + " was no longer ours to renew (expired or taken)");
            return;
        }
        long deadline = sentAt + settings.ttl().minus(settings.margin()).toNanos();
        if (deadline - held.deadline > 0) {
            held.deadline = deadline;
        }
    }

    private void acquired(Held held, long token, long sentAt) {
        if (held.holding) {
            return;
        }
        long deadline = sentAt + settings.ttl().minus(settings.margin()).toNanos();
        if (deadline - System.nanoTime() <= 0) {
            // The answer came too late to drive on; the row lapses on its own and a later round re-takes it.
            log.warn("event=lease_acquired_late node={} controller={} token={}", node, held.id, token);
            return;
        }
        held.token = token;
        held.deadline = deadline;
        held.holding = true;
        log.info("event=lease_acquired node={} controller={} token={}", node, held.id, token);
        try {
            listener.acquired(held.id, token);
        } catch (RuntimeException e) {
            log.error("event=lease_listener_failed node={} controller={} call=acquired", node, held.id, e);
        }
    }

    private void checkLapses() {
        for (Held held : leases.values()) {
            checkLapse(held);
        }
    }

    private void checkLapse(Held held) {
        if (held.holding && System.nanoTime() - held.deadline >= 0) {
            lose(held, "lease of " + held.id + " lapsed: not renewed in time");
        }
    }

    private void lose(Held held, String reason) {
        held.holding = false;
        log.warn("event=lease_lost node={} controller={} token={} reason=\"{}\"", node, held.id, held.token, reason);
        try {
            listener.lost(held.id, reason);
        } catch (RuntimeException e) {
            log.error("event=lease_listener_failed node={} controller={} call=lost", node, held.id, e);
        }
    }

    private long heldCount() {
        return leases.values().stream().filter(h -> h.holding).count();
    }

    /** This node's preference for a controller: a well-mixed hash of (node, controller), lowest first. */
    private long rank(String controllerId) {
        long h = (node + "\u0000" + controllerId).hashCode() * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return h ^ (h >>> 32);
    }

    private void onContext(Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    /** One claimed controller: its holding state, read by adapters on any thread through the permit. */
    private final class Held implements LinePermit {
        final String id;
        volatile boolean holding;
        volatile long deadline;
        volatile long token;

        Held(String id) {
            this.id = id;
        }

        @Override
        public boolean mayDrive() {
            return !stopped && holding && System.nanoTime() - deadline < 0;
        }

        @Override
        public String refusal() {
            if (stopped) {
                return "node " + node + " is stopping and released controller " + id;
            }
            return "node " + node + " does not hold the lease of controller " + id + " (not acquired, or it lapsed)";
        }
    }

    /** Test and display helper: the local time left on a held permit, zero when not held. */
    Duration remaining(String controllerId) {
        Held held = leases.get(controllerId);
        if (held == null || !held.mayDrive()) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(held.deadline - System.nanoTime());
    }
}
