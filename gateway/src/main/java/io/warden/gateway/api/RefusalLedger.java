package io.warden.gateway.api;

import io.vertx.core.Future;
import io.warden.gateway.PolicyCode;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes refused requests (401, 403, 429, and the console's refused sign-ins) to the audit trail and
 * the log so that a flood can grow neither without bound, yet every refusal is in the trail. Refusals
 * are grouped by kind: record type, source, actor, code, status and reason. Per kind and
 * {@link RefusalLimits#window}, the first {@link RefusalLimits#individually} are written in full: a
 * record of the refusal's type ({@code auth.refused} for the API's, {@code console.sign_in_refused}
 * for sign-ins) with the method, the path as sent ({@link #capped}) and the door, one INFO line each,
 * and the answer waits for the record. Later ones are only counted; when the window ends,
 * {@link #flush} writes one {@code <type>.summary} record ({@code auth.refused.summary}) and one log
 * line whose detail starts with {@code count=N}.
 * While the kind keeps being refused it stays counted, one summary per window; after a quiet
 * window the next refusal is written in full again.
 *
 * <p>A kind's source is the one the limiter counts ({@link RefusalLimiter#network}: an IPv6 /64), so
 * rotating addresses within a /64 does not buy a fresh set of records written in full; those
 * records keep the exact address.
 *
 * <p>Counts not yet flushed live in memory: a clean stop flushes them; a crash loses at most one
 * window's counts. Thread-safe: tallies change inside {@link ConcurrentHashMap#compute}, never
 * blocking. At most {@link RefusalLimits#maxSources} kinds are held; beyond, a kind is counted
 * under no source.
 */
final class RefusalLedger {
    private static final Logger LOG = LoggerFactory.getLogger(RefusalLedger.class);
    static final String TYPE = "auth.refused";
    static final String SUMMARY_TYPE = "auth.refused.summary";
    /** What of a request path is stored and logged; a path may be up to the server's URI limit (KBs). */
    static final int MAX_PATH_CHARS = 256;

    /**
     * One refused request: {@code type} of its record written in full (its summaries' is
     * {@code type + ".summary"}), {@code status} the HTTP status it is answered with, {@code action} the
     * method and the (capped) path, {@code door} may be null.
     */
    record Refusal(String type, String source, String actor, PolicyCode code, int status, String reason, String action, String door) {
        /** An API refusal: {@code auth.refused}, answered with the code's status. */
        Refusal(String source, String actor, PolicyCode code, String reason, String action, String door) {
            this(TYPE, source, actor, code, Problems.status(code), reason, action, door);
        }
    }

    private record Kind(String type, String source, String actor, PolicyCode code, int status, String reason) {
        Kind(Refusal r, String source) {
            this(r.type(), source, r.actor(), r.code(), r.status(), r.reason());
        }
    }

    private final AuditStore audit;
    private final Clock clock;
    private final RefusalLimits limits;
    private final LongSupplier nanos;
    private final ConcurrentHashMap<Kind, Tally> tallies = new ConcurrentHashMap<>();
    private final AtomicLong logLines = new AtomicLong();
    private long budgetStart;
    private int budgetUsed;

    /**
     * @param clock time of the records
     * @param nanos monotonic clock for the windows ({@code System::nanoTime})
     */
    RefusalLedger(AuditStore audit, Clock clock, RefusalLimits limits, LongSupplier nanos) {
        this.audit = audit;
        this.clock = clock;
        this.limits = limits;
        this.nanos = nanos;
    }

    /**
     * Records one refusal. Completes when the answer may go out: after its own record is durable (or
     * failed, which is logged), at once when it is only counted. Never fails.
     */
    Future<Void> record(Refusal r) {
        long now = nanos.getAsLong();
        Instant at = clock.instant();
        Kind kind = new Kind(r, RefusalLimiter.network(r.source()));
        if (!tallies.containsKey(kind) && tallies.size() >= limits.maxSources()) kind = new Kind(r, null);
        boolean[] inFull = new boolean[1];
        tallies.compute(kind, (k, t) -> {
            Tally tally = t == null ? new Tally(now) : t;
            inFull[0] = tally.add(now, at, r.action());
            return tally;
        });
        if (!inFull[0]) return Future.succeededFuture();
        log("event=api_refused type={} status={} code={} actor={} source={} action=\"{}\" reason=\"{}\"",
                r.type(), r.status(), r.code(), r.actor(), r.source(), r.action(), r.reason());
        AuditEntry e = new AuditEntry(at, r.type(), r.actor(), r.source(), null, null, r.door(), null, null, r.action(), "refused", r.reason());
        return audit.append(e)
                .onFailure(t -> LOG.error("event=audit_append_failed type={} error=\"{}\"", r.type(), t.toString()))
                .<Void>mapEmpty().otherwiseEmpty();
    }

    /**
     * Writes a summary for every kind with refusals counted since the last flush, and forgets kinds
     * quiet for a whole window. Completes when those records are written (or failed, logged with
     * their count). Runs every window and at stop.
     */
    Future<Void> flush() {
        long now = nanos.getAsLong();
        List<Future<?>> writes = new ArrayList<>();
        for (Kind kind : tallies.keySet()) {
            Summary[] due = new Summary[1];
            tallies.computeIfPresent(kind, (k, t) -> {
                due[0] = t.takeSummary(now);
                return due[0] == null && t.quietFor(now) ? null : t;
            });
            if (due[0] != null) writes.add(write(kind, due[0]));
        }
        return Future.join(writes).<Void>mapEmpty().otherwiseEmpty();
    }

    /** Log lines written about refusals so far (each individual one and each summary). */
    long logLines() {
        return logLines.get();
    }

    /** {@code path} as stored and logged: at most {@link #MAX_PATH_CHARS} characters, then how long it was. */
    static String capped(String path) {
        if (path == null || path.length() <= MAX_PATH_CHARS) return path;
        return path.substring(0, MAX_PATH_CHARS) + "…(" + path.length() + " chars)";
    }

    private Future<?> write(Kind kind, Summary s) {
        String detail = "count=" + s.count() + " first=" + s.first() + " last=" + s.last() + " reason=" + kind.reason()
                + (kind.source() == null ? " (from sources beyond the " + limits.maxSources() + " tracked)" : "");
        String type = kind.type() + ".summary";
        log("event=api_refused_summary type={} status={} code={} actor={} source={} count={} first={} last={} action=\"{}\" reason=\"{}\"",
                type, kind.status(), kind.code(), kind.actor(), kind.source(), s.count(), s.first(), s.last(), s.lastAction(),
                kind.reason());
        AuditEntry e = new AuditEntry(clock.instant(), type, kind.actor(), kind.source(), null, null, null, null, null,
                s.lastAction(), "refused", detail);
        return audit.append(e).onFailure(t -> LOG.error("event=audit_append_failed type={} count={} error=\"{}\"", type,
                s.count(), t.toString()));
    }

    /** One of the window's {@link RefusalLimits#inFullPerWindow}; a few field updates under the lock, nothing that waits. */
    private synchronized boolean takeFromBudget(long now) {
        if (now - budgetStart >= limits.window().toNanos()) {
            budgetStart = now;
            budgetUsed = 0;
        }
        if (budgetUsed >= limits.inFullPerWindow()) return false;
        budgetUsed++;
        return true;
    }

    private void log(String format, Object... args) {
        logLines.incrementAndGet();
        LOG.info(format, args);
    }

    private record Summary(long count, Instant first, Instant last, String lastAction) {}

    /** One kind's window. Mutated only inside the map's compute, one thread at a time per kind. */
    private final class Tally {
        private long windowStart;
        private int written;
        private long counted;
        private Instant first;
        private Instant last;
        private String lastAction;

        Tally(long now) {
            this.windowStart = now;
        }

        /** True when this refusal is to be written in full, false when it is counted. */
        boolean add(long now, Instant at, String action) {
            if (counted == 0 && quietFor(now)) {
                windowStart = now;
                written = 0;
            }
            if (written < limits.individually() && takeFromBudget(now)) {
                written++;
                return true;
            }
            if (counted++ == 0) first = at;
            last = at;
            lastAction = action;
            return false;
        }

        /** The counted refusals, then a new window that keeps counting (the kind is still busy); null when none. */
        Summary takeSummary(long now) {
            if (counted == 0) return null;
            Summary s = new Summary(counted, first, last, lastAction);
            counted = 0;
            windowStart = now;
            return s;
        }

        boolean quietFor(long now) {
            return now - windowStart >= limits.window().toNanos();
        }
    }
}
