package io.warden.gateway.door;

import java.time.Instant;
import java.util.List;

/**
 * A lockdown and how every door in its scope answered.
 *
 * @param doors      one line per door in scope: confirmed, failed or offline, with the latency
 * @param releasedBy null while active
 */
public record LockdownReport(String id, LockdownRequest.Level level, LockdownRequest.Scope scope, boolean drill, String reason,
                             String startedBy, Instant startedAt, List<DoorResult> doors, String releasedBy, Instant releasedAt) {

    public LockdownReport {
        doors = List.copyOf(doors);
    }

    public boolean active() {
        return releasedAt == null;
    }

    /**
     * @param status    {@code confirmed}, {@code failed} or {@code offline}
     * @param latencyMs from the start of the lockdown to this door's answer
     */
    public record DoorResult(String id, String status, long latencyMs, String detail) {}
}
