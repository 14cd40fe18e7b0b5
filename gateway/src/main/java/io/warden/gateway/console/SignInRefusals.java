package io.warden.gateway.console;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.warden.gateway.PolicyCode;

/**
 * Where a refused console sign-in goes: the same per-source limit and audit ledger as the API's refused
 * requests (the API's {@code BearerAuth}), so hammering {@code /auth/oidc/callback} can grow neither the
 * trail nor the log without bound. A successful sign-in never comes here.
 */
public interface SignInRefusals {
    /** The type of a refused sign-in's audit record; repeats are summarised as {@code console.sign_in_refused.summary}. */
    String TYPE = "console.sign_in_refused";

    /**
     * Counts one refused sign-in against the request's source and records it as a {@link #TYPE} record
     * (actor, source, method and path, {@code detail}), in full or into the source's summary when it
     * repeats. Completes, never fails, when the answer may go out: with 0 when the caller answers the
     * refusal itself with {@code status}, or with the seconds for {@code Retry-After} when the source is
     * over its limit and the answer is to be 429. Does not answer the request; does not block.
     *
     * @param actor  who was refused, {@code anonymous} when not known
     * @param code   {@link PolicyCode#UNAUTHORIZED} (sign-in not completed) or {@link PolicyCode#FORBIDDEN} (no role)
     * @param status the HTTP status the refusal is answered with when not limited
     * @param detail the audit detail, e.g. {@code method=oidc why=unknown, used or expired state}; no secrets
     */
    Future<Long> refused(RoutingContext ctx, String actor, PolicyCode code, int status, String detail);
}
