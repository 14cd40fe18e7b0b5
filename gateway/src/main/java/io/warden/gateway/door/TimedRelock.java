package io.warden.gateway.door;

import java.time.Instant;

/**
 * A relock the gateway owes a door: the end of an accepted {@code unlock until}, kept on disk so that
 * neither a restart nor a crash leaves the door unlocked for good.
 *
 * @param at        when to lock: {@code until}, or later when a pulse ran past it
 * @param until     the {@code until} the operator asked for
 * @param unlockBy  who asked for the unlock
 * @param unlockAt  when they asked
 * @param unlockSeq the audit seq of the unlock's {@code requested} record
 */
public record TimedRelock(String door, Instant at, Instant until, String unlockBy, Instant unlockAt, long unlockSeq) {

    TimedRelock movedTo(Instant later) {
        return new TimedRelock(door, later, until, unlockBy, unlockAt, unlockSeq);
    }

    /** For the relock's audit detail: the unlock it ends. */
    String describe() {
        return "ends unlock until %s by %s at %s (audit seq %d)%s".formatted(until, unlockBy, unlockAt, unlockSeq,
                at.equals(until) ? "" : ", moved to " + at + " by a pulse");
    }
}
