package io.warden.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.warden.gateway.PolicyCode;
import io.warden.gateway.PolicyException;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Authorization: Bearer <token>} to a {@link Principal}, and the permission check. Both
 * refusals (401 no/unknown token, 403 wrong role) go to the audit trail through a
 * {@link RefusalLedger}: written in full before the response goes out, or, when a source repeats
 * them, counted into one summary per window. Refusals are limited per source
 * ({@link RefusalLimiter}): over the limit the answer is 429 with {@code Retry-After}, counted the
 * same way. Authenticated, permitted requests never touch the limiter. The token itself is never
 * logged nor audited.
 *
 * <p>One instance serves every API event loop: the limiter and ledger are lock-free maps.
 */
public final class BearerAuth {
    private static final Logger LOG = LoggerFactory.getLogger(BearerAuth.class);
    static final String PRINCIPAL = "warden.principal";
    private static final int MAX_TOKEN_LENGTH = 512;

    private final Function<String, Optional<Principal>> tokens;
    private final RefusalLimits limits;
    private final RefusalLimiter limiter;
    private final RefusalLedger ledger;
    private final AtomicLong timer = new AtomicLong(-1);
    private volatile Vertx vertx;

    /**
     * @param tokens looks a token up (the config loader provides it); must not block
     * @param clock  time of the audit records (windows and buckets follow {@link System#nanoTime})
     */
    public BearerAuth(Function<String, Optional<Principal>> tokens, AuditStore audit, Clock clock, RefusalLimits limits) {
        this.tokens = tokens;
        this.limits = limits;
        this.limiter = new RefusalLimiter(limits, System::nanoTime);
        this.ledger = new RefusalLedger(audit, clock, limits, System::nanoTime);
    }

    /** Starts writing refusal summaries (and forgetting refilled buckets) every window. Idempotent. */
    void start(Vertx vertx) {
        if (timer.get() >= 0) return;
        this.vertx = vertx;
        long id = vertx.setPeriodic(limits.window().toMillis(), t -> {
            limiter.sweep();
            ledger.flush();
        });
        if (!timer.compareAndSet(-1, id)) vertx.cancelTimer(id);
    }

    /** Stops the timer and writes every pending summary: no count is lost at a clean stop. Idempotent. */
    Future<Void> stop() {
        long id = timer.getAndSet(-1);
        if (id >= 0 && vertx != null) vertx.cancelTimer(id);
        return ledger.flush();
    }

    /** The ledger, for tests that count log lines. */
    RefusalLedger ledger() {
        return ledger;
    }

    /**
     * The caller named by the bearer token, or null after answering 401 (audited). Runs before
     * anything else looks at the request, whatever its path.
     */
    Principal authenticate(RoutingContext ctx) {
        Optional<Principal> who = principalOf(ctx.request().getHeader("Authorization"));
        if (who.isPresent()) return who.get();
        String why = ctx.request().getHeader("Authorization") == null ? "no bearer token" : "invalid bearer token";
        refuse(ctx, "anonymous", new PolicyException(PolicyCode.UNAUTHORIZED, why));
        return null;
    }

    /** True when {@code p} holds {@code permission}; otherwise answers 403 (audited) and returns false. */
    boolean permits(RoutingContext ctx, Principal p, Role.Permission permission) {
        if (p.allows(permission)) return true;
        refuse(ctx, p.name(), new PolicyException(PolicyCode.FORBIDDEN,
                "role " + p.role().id() + " lacks permission " + permission.name().toLowerCase(Locale.ROOT)));
        return false;
    }

    /**
     * The door a request names (set by the gate from a canonical {@code /doors/{id}...} path), so a
     * refused attempt on a door is found by {@code audit?door=} like the door's own commands.
     */
    static final String DOOR = "warden.refusal.door";

    /** Lets {@code p} through: later handlers read it with {@link #principal}. */
    static void admit(RoutingContext ctx, Principal p) {
        ctx.put(PRINCIPAL, p);
        ctx.next();
    }

    static Principal principal(RoutingContext ctx) {
        return ctx.get(PRINCIPAL);
    }

    static String source(RoutingContext ctx) {
        var a = ctx.request().remoteAddress();
        return a == null ? null : a.hostAddress();
    }

    private Optional<Principal> principalOf(String header) {
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return Optional.empty();
        String token = header.substring(7).trim();
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) return Optional.empty();
        try {
            Optional<Principal> p = tokens.apply(token);
            return p == null ? Optional.empty() : p;
        } catch (RuntimeException e) {
            LOG.warn("event=token_lookup_failed error=\"{}\"", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /**
     * Counts the refusal against its source, records it (audit first when written in full), then
     * answers it, or 429 when the source is over its limit. A failing audit store still refuses (and
     * logs), it never lets the request through. Every 401 and 403 goes through here.
     */
    private Future<Void> refuse(RoutingContext ctx, String actor, PolicyException refusal) {
        String source = source(ctx);
        long retryAfter = limiter.take(source);
        PolicyException answer = refusal;
        String reason = refusal.getMessage();
        if (retryAfter > 0) {
            answer = new PolicyException(PolicyCode.RATE_LIMITED, "too many refused requests from this address; retry after "
                    + retryAfter + " s");
            reason = "over the refusal limit: " + reason;
            ctx.response().putHeader("Retry-After", Long.toString(retryAfter));
        } else if (refusal.code() == PolicyCode.UNAUTHORIZED) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"warden\"");
        }
        String action = ctx.request().method().name() + " " + RefusalLedger.capped(ctx.request().path());
        PolicyException sent = answer;
        return ledger.record(new RefusalLedger.Refusal(source, actor, answer.code(), reason, action, ctx.get(DOOR)))
                .transform(ar -> Problems.send(ctx, sent));
    }
}
