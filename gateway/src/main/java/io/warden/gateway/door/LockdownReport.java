package io.warden.gateway.door;

import java.time.Instant;
import java.util.List;

/**
 * A lockdown and how every door in its scope answered.
 *
 * @param doors      one line per door in scope: confirmed, failed or offline, with the latency
 * @param releasedBy null while active
 * @param releases   once released, one line per door in scope for its release command: confirmed, failed,
 *                   offline, or {@code held} (another active lockdown still holds it: no release sent);
 *                   the latency is from the release; empty while active (and for lockdowns saved before releases were sent)
 */
public record LockdownReport(String id, LockdownRequest.Level level, LockdownRequest.Scope scope, boolean drill, String reason,
                             String startedBy, Instant startedAt, List<DoorResult> doors, String releasedBy, Instant releasedAt,
                             List<DoorResult> releases) {

    public LockdownReport {
        doors = List.copyOf(doors);
        releases = releases == null ? List.of() : List.copyOf(releases);
    }

    /** A lockdown whose doors have not been released (yet). */
    public LockdownReport(String id, LockdownRequest.Level level, LockdownRequest.Scope scope, boolean drill, String reason,
                          String startedBy, Instant startedAt, List<DoorResult> doors, String releasedBy, Instant releasedAt) {
        this(id, level, scope, drill, reason, startedBy, startedAt, doors, releasedBy, releasedAt, List.of());
    }

    public boolean active() {
        return releasedAt == null;
    }

    /**
     * @param status      {@code pending} (lock in flight), {@code confirmed}, {@code failed} or {@code offline}
     * @param latencyMs   from the start of the lockdown to this door's answer
     * @param disagreeing while the door keeps reporting unlocked or refusing the lock, and is being
     *                    retried; null otherwise (live, never saved)
     */
    public record DoorResult(String id, String status, long latencyMs, String detail, Disagreement disagreeing) {
        public DoorResult(String id, String status, long latencyMs, String detail) {
            this(id, status, latencyMs, detail, null);
        }
    }

    /**
     * A door under lockdown that keeps disagreeing with it.
     *
     * @param since     when this episode began
     * @param attempts  locks sent in this episode
     * @param lastError the last failure, or null when the locks were confirmed but the door reports unlocked again
     */
    public record Disagreement(String door, String lockdownId, Instant since, int attempts, String lastError) {}
}
