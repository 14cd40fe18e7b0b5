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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Controller ownership as leases in PostgreSQL with fencing tokens.
 *
 * <p>One row per controller: the node holding it, its fencing token and when it expires, always in
 * DATABASE time ({@code now()}), so nodes' wall clocks never matter. Acquiring and renewing are each one
 * conditional UPSERT / UPDATE, so two nodes can never both hold a row: a node acquires only when there
 * is no row, the row has expired, or the row is already its own; every new holding gets token + 1.
 *
 * <p>The permit of a held controller is valid until the local monotonic time taken right BEFORE the
 * last successful acquire/renew statement was sent, plus ttl − margin. The row in the database expires
 * no earlier than ttl after that moment, so the permit lapses on the holder at least {@code margin}
 * before any other node can take the row. {@link LinePermit#mayDrive} compares {@link System#nanoTime}
 * with that deadline on every call, so a JVM paused past its deadline resumes refusing.
 *
 * <p>All timers, statements' results and listener calls run on one Vert.x context (the caller's, or a
 * new one); nothing blocks.
 */
public final class ControllerLeases {
    private static final Logger log = LoggerFactory.getLogger(ControllerLeases.class);

    /** The leases table, created by {@link PgSchema}'s migration 2. */
    public static final List<String> DDL = List.of("""
            CREATE TABLE warden_controller_leases (
                controller_id text PRIMARY KEY,
                node          text NOT NULL,
                token         bigint NOT NULL,
                expires_at    timestamptz NOT NULL,
                acquired_at   timestamptz NOT NULL,
                renewed_at    timestamptz NOT NULL
            )""");

    /*
     * Acquire: insert, or take over a row that has expired or is already ours; a new holding gets
     * token + 1. No row comes back when another node holds it unexpired.
     */
    private static final String ACQUIRE = """
            INSERT INTO warden_controller_leases AS l (controller_id, node, token, expires_at, acquired_at, renewed_at)
            VALUES ($1, $2, 1, now() + $3::bigint * interval '1 millisecond', now(), now())
            ON CONFLICT (controller_id) DO UPDATE
               SET node = excluded.node, token = l.token + 1, expires_at = excluded.expires_at,
                   acquired_at = now(), renewed_at = now()
             WHERE l.node = excluded.node OR l.expires_at <= now()
            RETURNING token""";

    /* Renew: only our own holding (same token) that has not yet expired in the database. */
    private static final String RENEW = """
            UPDATE warden_controller_leases
               SET expires_at = now() + $4::bigint * interval '1 millisecond', renewed_at = now()
             WHERE controller_id = $1 AND node = $2 AND token = $3 AND expires_at > now()
            RETURNING token""";

    private static final String RELEASE = """
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
    private final Map<String, Held> leases = new LinkedHashMap<>();
    private final List<Future<?>> inFlight = new ArrayList<>();
    private volatile boolean stopped;
    private long renewTimer = -1;
    private long lapseTimer = -1;
    private Future<Void> stopping;

    private ControllerLeases(Vertx vertx, Context context, Pool pool, String node, List<String> controllers, Settings settings,
                             Listener listener) {
        this.vertx = vertx;
        this.context = context;
        this.pool = pool;
        this.node = node;
        this.settings = settings;
        this.listener = listener;
        controllers.forEach(id -> leases.put(id, new Held(id)));
    }

    /**
     * Start keeping the leases of the controllers this node may own.
     *
     * @param claims controller id → the nodes allowed to own it (this node among them); an empty list
     *               means any node may own it. Controllers whose list names other nodes only are skipped.
     * @return completes once the keeper runs; the first acquisition attempts are already sent then
     */
    public static Future<ControllerLeases> start(Vertx vertx, Pool pool, String node, Map<String, List<String>> claims, Settings settings,
                                                 Listener listener) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(listener, "listener");
        List<String> mine = new ArrayList<>();
        claims.forEach((id, nodes) -> {
            if (nodes == null || nodes.isEmpty() || nodes.contains(node)) {
                mine.add(id);
            }
        });
        Context context = vertx.getOrCreateContext();
        ControllerLeases leases = new ControllerLeases(vertx, context, pool, node, mine, settings, listener);
        Promise<ControllerLeases> started = Promise.promise();
        context.runOnContext(v -> {
            leases.renewTimer = vertx.setPeriodic(settings.renewEvery().toMillis(), t -> leases.tick());
            long check = Math.max(20, Math.min(250, settings.renewEvery().toMillis() / 10));
            leases.lapseTimer = vertx.setPeriodic(check, t -> leases.checkLapses());
            leases.tick();
            log.info("event=leases_started node={} controllers={} ttl_ms={} renew_ms={} margin_ms={}", node, mine.size(),
                    settings.ttl().toMillis(), settings.renewEvery().toMillis(), settings.margin().toMillis());
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
     * statements already sent, so none of them can re-take a row after the release.
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

    private void tick() {
        if (stopped) {
            return;
        }
        checkLapses();
        for (Held held : leases.values()) {
            if (held.attempt == null) {
                attempt(held);
            }
        }
    }

    /** Renew a held lease, or try to acquire one not held; one statement in flight per controller. */
    private void attempt(Held held) {
        boolean renewing = held.holding;
        long token = held.token;
        long ttlMs = settings.ttl().toMillis();
        long sentAt = System.nanoTime();
        Future<RowSet<Row>> sent = renewing
                ? pool.preparedQuery(RENEW).execute(Tuple.of(held.id, node, token, ttlMs))
                : pool.preparedQuery(ACQUIRE).execute(Tuple.of(held.id, node, ttlMs));
        Object mark = new Object();
        held.attempt = mark;
        inFlight.add(sent);
        // A statement stuck on a dead connection must not stop later attempts; its late answer is ignored.
        long timeout = vertx.setTimer(settings.ttl().minus(settings.margin()).toMillis(), t -> {
            if (held.attempt == mark) {
                held.attempt = null;
                failed(held, renewing, "lease statement timed out");
            }
        });
        sent.onComplete(ar -> onContext(() -> {
            inFlight.remove(sent);
            vertx.cancelTimer(timeout);
            if (held.attempt != mark) {
                return;
            }
            held.attempt = null;
            if (stopped) {
                return;
            }
            if (ar.failed()) {
                failed(held, renewing, ar.cause().getMessage());
            } else if (ar.result().rowCount() == 0) {
                if (renewing && held.holding) {
                    lose(held, "lease of " + held.id + " was no longer ours to renew (expired or taken)");
                }
            } else {
                long got = ar.result().iterator().next().getLong("token");
                succeeded(held, renewing, got, sentAt);
            }
        }));
    }

    private void succeeded(Held held, boolean renewing, long token, long sentAt) {
        long deadline = sentAt + settings.ttl().minus(settings.margin()).toNanos();
        if (renewing) {
            if (!held.holding || held.token != token) {
                return; // lapsed while the renewal was on its way: a late renewal never revives a permit
            }
            if (deadline - held.deadline > 0) {
                held.deadline = deadline;
            }
            return;
        }
        if (held.holding) {
            return;
        }
        if (deadline - System.nanoTime() <= 0) {
            // The answer came too late to drive on; the row lapses on its own and the next tick re-takes it.
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

    private void failed(Held held, boolean renewing, String error) {
        if (renewing) {
            log.warn("event=lease_renew_failed node={} controller={} error=\"{}\"", node, held.id, error);
            checkLapse(held);
        } else {
            log.debug("event=lease_acquire_failed node={} controller={} error=\"{}\"", node, held.id, error);
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
        Object attempt;

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
