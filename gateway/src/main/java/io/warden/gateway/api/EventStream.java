package io.warden.gateway.api;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.audit.AuditQuery;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import io.warden.gateway.console.ConsoleSessions;
import io.warden.gateway.events.EventHub;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/events}: the audit trail as Server-Sent Events ({@code id} = seq).
 *
 * <p>Resuming: the session subscribes to the hub first, then replays the records after
 * Last-Event-ID from the store while live ones are buffered, then drains the buffer. Every record
 * is sent only if its seq is above the last one sent, so the overlap of backlog and buffer is
 * neither lost nor doubled. A client too slow for the live rate is ended (its queue is full); it
 * comes back with Last-Event-ID and catches up from the store.
 *
 * <p>Records of type {@code audit.*}, {@code auth.*} and {@code console.*} (who signed in and out,
 * and from where) go only to holders of AUDIT_READ;
 * {@code footage.*} and {@code camera.*} (who asked for which footage or snapshot, and why) only to
 * holders of FOOTAGE or AUDIT_READ.
 *
 * <p>Live-only events ({@link EventHub.LiveEvent}, e.g. {@code footage.progress}, only to holders of
 * FOOTAGE) go out without an {@code id}, so they never move a client's Last-Event-ID: resuming is by
 * audit seq alone. They are not buffered during a backlog replay (they are momentary anyway).
 *
 * <p>A stream opened with a console session cookie lasts no longer than the session: it ends as soon
 * as the session is signed out (or replaced by a new sign-in on that browser, or dropped), and an
 * expiry (idle or absolute) is seen at the next heartbeat at the latest. The client's reconnect is then
 * refused 401 and the console goes to its sign-in page: a signed-out person stops receiving the
 * trail at once. An open stream is watching, not using, the console: neither opening it nor keeping it
 * open moves the session's idle limit, so a console left open on a screen nobody touches signs out
 * after {@code console.sessionIdle} like any other (a district that wants a wall display keeps it
 * signed in with a bearer token, or raises that limit). Bearer-token streams are not affected.
 *
 * <p>Threads. A session lives on its request's context (whichever API instance took the connection):
 * records reach it from the audit writer thread through {@code runOnContext}, in seq order, so each
 * client's seqs go up whatever other instances do. This class itself holds no mutable state.
 */
final class EventStream {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    private static final int REPLAY_PAGE = 500;
    private static final int MAX_BUFFERED = 10_000;
    /** This stream's operation in the contract. */
    private static final String OPERATION_ID = "streamEvents";

    private final Vertx vertx;
    private final AuditStore audit;
    private final EventHub hub;
    private final ApiMetrics metrics;
    private final ConsoleSessions sessions;
    private final long heartbeatMs;

    /** @param sessions the console's sessions, which cookie-authenticated streams follow */
    EventStream(Vertx vertx, AuditStore audit, EventHub hub, ApiMetrics metrics, ConsoleSessions sessions, Duration heartbeat) {
        this.vertx = vertx;
        this.sessions = sessions;
        this.audit = audit;
        this.hub = hub;
        this.metrics = metrics;
        this.heartbeatMs = Math.max(1, heartbeat.toMillis());
    }

    /** Whether {@code op} is this stream's: opening one does not count as use of a console session. */
    static boolean watches(Operation op) {
        return op != null && OPERATION_ID.equals(op.getOperationId());
    }

    void handle(RoutingContext ctx) {
        MultiMap q = ctx.queryParams();
        String type = q.get("type");
        String door = q.get("door");
        String site = q.get("site");
        String zone = q.get("zone");
        Principal who = BearerAuth.principal(ctx);
        boolean auditReader = who.allows(Role.Permission.AUDIT_READ);
        boolean footageReader = auditReader || who.allows(Role.Permission.FOOTAGE);
        Predicate<AuditRecord> filter = r -> {
            String t = r.entry().type();
            if (!auditReader && (t.startsWith("audit.") || t.startsWith("auth.") || t.startsWith("console."))) return false;
            // who asked for which footage and why is itself part of the education record (FERPA)
            if (!footageReader && (t.startsWith("footage.") || t.startsWith("camera."))) return false;
            return (type == null || t.startsWith(type)) && (door == null || door.equals(r.entry().door()))
                    && (site == null || site.equals(r.entry().site())) && (zone == null || zone.equals(r.entry().zone()));
        };
        Long last = lastEventId(ctx);
        AuditQuery backlog = last == null ? null
                : new AuditQuery(null, null, site, zone, door, null, null, null, null, REPLAY_PAGE, last);
        Predicate<EventHub.LiveEvent> liveFilter = e -> who.allows(Role.Permission.FOOTAGE) && door == null && site == null
                && zone == null && (type == null || e.type().startsWith(type));
        // the cookie of the console session that opened the stream, if one did (never logged)
        String cookie = BearerAuth.sessionCookie(ctx);
        Context context = vertx.getOrCreateContext();
        notAhead(last)
                .onFailure(t -> Problems.send(ctx, t))
                .onSuccess(v -> {
                    if (ctx.response().closed()) return; // gone while the trail was asked
                    new Session(ctx.response(), context, filter, last == null ? 0 : last, who.name(), liveFilter, cookie).start(backlog);
                });
    }

    /**
     * Refuses a resume point this trail has not reached: the stream would stay silent until the
     * trail caught up (a client that kept an id from another gateway or a trail started afresh).
     */
    private Future<Void> notAhead(Long last) {
        if (last == null || last == 0) return Future.succeededFuture();
        return audit.lastSeq().compose(newest -> last <= newest ? Future.succeededFuture()
                : Future.failedFuture(new WardenException(ErrorCode.BAD_REQUEST, "Last-Event-ID " + last
                        + " is ahead of this audit trail: its newest is " + newest + "; resume from an id this gateway sent, or omit it")));
    }

    private static Long lastEventId(RoutingContext ctx) {
        String s = ctx.request().getHeader("Last-Event-ID");
        if (s != null && !s.isBlank()) return Routes.wholeNumber("Last-Event-ID", s, 0, Long.MAX_VALUE);
        s = ctx.queryParams().get("lastEventId");
        return s == null || s.isBlank() ? null : Routes.wholeNumber("query parameter 'lastEventId'", s, 0, Long.MAX_VALUE);
    }

    /** One client. All state is touched on the request's context only. */
    private final class Session {
        private final HttpServerResponse res;
        private final Context context;
        private final Predicate<AuditRecord> filter;
        private final String actor;
        private final ArrayDeque<AuditRecord> buffered = new ArrayDeque<>();
        private long lastSent;
        private boolean replaying;
        private boolean closed;
        private final Predicate<EventHub.LiveEvent> liveFilter;
        /** The console session's cookie for a cookie-authenticated stream, else null. */
        private final String cookie;
        private EventHub.Subscription subscription;
        private EventHub.Subscription liveSubscription;
        private ConsoleSessions.Watch watch;
        private long timer = -1;

        Session(HttpServerResponse res, Context context, Predicate<AuditRecord> filter, long lastSent, String actor,
                Predicate<EventHub.LiveEvent> liveFilter, String cookie) {
            this.liveFilter = liveFilter;
            this.cookie = cookie;
            this.res = res;
            this.context = context;
            this.filter = filter;
            this.lastSent = lastSent;
            this.actor = actor;
        }

        void start(AuditQuery backlog) {
            res.setStatusCode(200).setChunked(true)
                    .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                    .putHeader("Cache-Control", "no-store")
                    .putHeader("X-Accel-Buffering", "no");
            res.closeHandler(v -> cleanup());
            res.exceptionHandler(t -> cleanup());
            metrics.sseOpened();
            LOG.info("event=sse_open actor={} lastEventId={}", actor, backlog == null ? "-" : lastSent);
            replaying = backlog != null;
            // Subscribe before reading the backlog, so nothing appended meanwhile falls between the two.
            subscription = hub.subscribe(filter, r -> context.runOnContext(v -> onLive(r)));
            liveSubscription = hub.subscribeLive(e -> {
                if (liveFilter.test(e)) context.runOnContext(v -> onLiveEvent(e));
            });
            if (cookie != null) watch = sessions.watch(cookie, () -> context.runOnContext(v -> sessionEnded()));
            timer = vertx.setPeriodic(heartbeatMs, id -> {
                if (closed) return;
                // Looked at, not touched: the stream must not keep its session alive. An expiry shows here.
                if (cookie != null && sessions.peek(cookie).isEmpty()) sessionEnded();
                else if (!res.writeQueueFull()) res.write(": heartbeat\n\n");
            });
            res.write("retry: 2000\n\n");
            if (backlog != null) {
                replay(backlog).onSuccess(v -> {
                    replaying = false;
                    while (!buffered.isEmpty() && !closed) send(buffered.poll());
                }).onFailure(t -> {
                    LOG.warn("event=sse_replay_failed actor={} error=\"{}\"", actor, t.toString());
                    finish();
                });
            }
        }

        private Future<Void> replay(AuditQuery query) {
            if (closed) return Future.failedFuture("closed");
            return audit.query(query).compose(page -> {
                Buffer chunk = Buffer.buffer();
                for (AuditRecord r : page.items()) {
                    if (r.seq() > lastSent && filter.test(r)) {
                        chunk.appendString(encode(r));
                        lastSent = r.seq();
                    }
                }
                Future<Void> written = chunk.length() == 0 ? Future.succeededFuture() : res.write(chunk);
                return written.compose(v -> drained()).compose(v -> page.next() == null || page.items().isEmpty()
                        ? Future.succeededFuture() : replay(query.after(page.next())));
            });
        }

        private void onLive(AuditRecord r) {
            if (closed) return;
            if (!replaying) {
                send(r);
            } else if (buffered.size() < MAX_BUFFERED) {
                buffered.add(r);
            } else {
                // The client reads slower than the trail grows (the replay waits on it): the same case as below.
                LOG.info("event=sse_slow_client actor={} lastSent={} buffered={}", actor, lastSent, buffered.size());
                disconnect();
            }
        }

        private void onLiveEvent(EventHub.LiveEvent e) {
            // Dropped rather than queued when the client is behind: the next progress event supersedes it.
            if (closed || replaying || res.writeQueueFull()) return;
            res.write("event: " + e.type().replace('\n', ' ').replace('\r', ' ') + "\ndata: " + e.data().encode() + "\n\n");
        }

        private void send(AuditRecord r) {
            if (r.seq() <= lastSent) return;
            if (res.writeQueueFull()) {
                LOG.info("event=sse_slow_client actor={} lastSent={}", actor, lastSent);
                disconnect();
                return;
            }
            lastSent = r.seq();
            res.write(encode(r));
        }

        private Future<Void> drained() {
            if (!res.writeQueueFull()) return Future.succeededFuture();
            Promise<Void> p = Promise.promise();
            res.drainHandler(v -> p.tryComplete());
            return p.future();
        }

        /** The console session ended (signed out, expired): so does the stream; the reconnect gets 401. */
        private void sessionEnded() {
            if (closed) return;
            LOG.info("event=sse_session_ended actor={} lastSent={}", actor, lastSent);
            finish();
        }

        /** Ends the stream; an EventSource reconnects with the last id it saw. */
        private void finish() {
            if (!closed) res.end();
            cleanup();
        }

        /**
         * Drops a client that stopped reading. Ending the response alone would queue its last chunk
         * behind the data it is not reading, holding the connection and its buffers open; what was
         * queued is lost, and the client resumes from the last id it did read.
         */
        private void disconnect() {
            cleanup();
            res.reset(); // HTTP/1.1: closes the connection; HTTP/2: only this stream
        }

        private void cleanup() {
            if (closed) return;
            closed = true;
            if (subscription != null) subscription.cancel();
            if (liveSubscription != null) liveSubscription.cancel();
            if (watch != null) watch.cancel();
            if (timer >= 0) vertx.cancelTimer(timer);
            buffered.clear();
            metrics.sseClosed();
            LOG.info("event=sse_close actor={} lastSent={}", actor, lastSent);
        }
    }

    static String encode(AuditRecord r) {
        String type = r.entry().type().replace('\n', ' ').replace('\r', ' ');
        return "id: " + r.seq() + "\nevent: " + type + "\ndata: " + ApiJson.auditItem(r).encode() + "\n\n";
    }
}
