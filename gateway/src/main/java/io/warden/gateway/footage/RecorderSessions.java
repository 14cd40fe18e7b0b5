package io.warden.gateway.footage;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * At most {@code perRecorder} replay sessions at once per recorder ({@link io.warden.adapter.api.Camera#recorder()}),
 * across all jobs: NVRs and cameras allow only a few. Waiters are served first come, first served.
 * Thread-safe.
 */
final class RecorderSessions {
    /** A held session slot; release it exactly once (further calls do nothing). */
    interface Permit {
        void release();
    }

    private final int perRecorder;
    private final Map<String, Integer> inUse = new HashMap<>();
    private final Map<String, ArrayDeque<Promise<Permit>>> waiting = new HashMap<>();

    RecorderSessions(int perRecorder) {
        this.perRecorder = perRecorder;
    }

    /** A slot on {@code recorder}, now or once one is released. */
    synchronized Future<Permit> acquire(String recorder) {
        int n = inUse.getOrDefault(recorder, 0);
        if (n < perRecorder) {
            inUse.put(recorder, n + 1);
            return Future.succeededFuture(permit(recorder));
        }
        Promise<Permit> p = Promise.promise();
        waiting.computeIfAbsent(recorder, k -> new ArrayDeque<>()).add(p);
        return p.future();
    }

    /** Sessions held on {@code recorder} now (tests, metrics). */
    synchronized int inUse(String recorder) {
        return inUse.getOrDefault(recorder, 0);
    }

    private Permit permit(String recorder) {
        boolean[] released = {false};
        return () -> {
            Promise<Permit> next;
            synchronized (this) {
                if (released[0]) return;
                released[0] = true;
                ArrayDeque<Promise<Permit>> q = waiting.get(recorder);
                next = q == null ? null : q.poll();
                if (next == null) inUse.merge(recorder, -1, Integer::sum);
                if (q != null && q.isEmpty()) waiting.remove(recorder);
            }
            if (next != null) next.complete(permit(recorder)); // the slot passes on; the count stays
        };
    }
}
