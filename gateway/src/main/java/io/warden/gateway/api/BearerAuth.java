package io.warden.gateway.api;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.warden.gateway.PolicyCode;
import io.warden.gateway.PolicyException;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Authorization: Bearer <token>} to a {@link Principal}, and the permission check. Both
 * refusals (401 no/unknown token, 403 wrong role) are appended to the audit trail before the
 * response goes out. The token itself is never logged nor audited.
 *
 * <p>One instance serves every API instance, so it is called from several event loops at once: it
 * keeps no mutable state of its own, the token lookup must be thread-safe (the config's is: a pure
 * hash compare) and the audit store orders appends itself. Anything stateful added here must be too.
 */
public final class BearerAuth {
    private static final Logger LOG = LoggerFactory.getLogger(BearerAuth.class);
    static final String PRINCIPAL = "warden.principal";
    private static final int MAX_TOKEN_LENGTH = 512;

    private final Function<String, Optional<Principal>> tokens;
    private final AuditStore audit;
    private final Clock clock;

    /** @param tokens looks a token up (the config loader provides it); must not block */
    public BearerAuth(Function<String, Optional<Principal>> tokens, AuditStore audit, Clock clock) {
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * The caller named by the bearer token, or null after answering 401 (audited). Runs before
     * anything else looks at the request, whatever its path.
     */
    Principal authenticate(RoutingContext ctx) {
        Optional<Principal> who = principalOf(ctx.request().getHeader("Authorization"));
        if (who.isPresent()) return who.get();
        String why = ctx.request().getHeader("Authorization") == null ? "no bearer token" : "invalid bearer token";
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"warden\"");
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
     * Audit first, then answer; a failing audit store still refuses (and logs), it never lets the
     * request through. Every 401 and 403 goes through here.
     */
    private Future<Void> refuse(RoutingContext ctx, String actor, PolicyException refusal) {
        String action = ctx.request().method().name() + " " + ctx.request().path();
        String source = source(ctx);
        String why = refusal.getMessage();
        LOG.info("event=api_refused status={} code={} actor={} source={} action=\"{}\" reason=\"{}\"",
                Problems.status(refusal.code()), refusal.code(), actor, source, action, why);
        AuditEntry e = new AuditEntry(clock.instant(), "auth.refused", actor, source, null, null, ctx.get(DOOR), null, null, action,
                "refused", why);
        return audit.append(e)
                .onFailure(t -> LOG.error("event=audit_append_failed type=auth.refused error=\"{}\"", t.toString()))
                .transform(ar -> Problems.send(ctx, refusal));
    }
}
