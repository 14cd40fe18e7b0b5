package io.warden.gateway.door;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.util.function.Supplier;

/**
 * Confines work to one context, the one that owns some state: a call made on that context runs at
 * once; a call from any other context (another HTTP verticle instance's event loop, a demo verticle,
 * a plain thread) is queued onto it, and its answer is handed back on the caller's context. Calls
 * from one caller keep their order; everything the work starts (timers, event-bus requests, audit
 * appends) belongs to the owning context, so nothing of it ends when a caller's verticle is undeployed.
 */
final class OwningContext {
    private final ContextInternal owner;

    /** Owned by the context current on this thread (created when there is none). */
    OwningContext(Vertx vertx) {
        this.owner = ((ContextInternal) vertx.getOrCreateContext()).unwrap();
    }

    boolean isCurrent() {
        Context now = Vertx.currentContext();
        return now != null && ((ContextInternal) now).unwrap() == owner;
    }

    /** {@code work} on the owning context; its result on the caller's context (or the owner's, for a plain thread). */
    <T> Future<T> call(Supplier<Future<T>> work) {
        if (isCurrent()) return work.get();
        Context caller = Vertx.currentContext();
        Promise<T> answer = Promise.promise();
        owner.runOnContext(v -> {
            Future<T> f;
            try {
                f = work.get();
            } catch (RuntimeException e) {
                f = Future.failedFuture(e);
            }
            f.onComplete(ar -> {
                if (caller == null) answer.handle(ar);
                else caller.runOnContext(x -> answer.handle(ar));
            });
        });
        return answer.future();
    }
}
