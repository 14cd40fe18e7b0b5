package io.warden.osdp;

import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorState.LockState;
import java.time.Duration;
import java.time.Instant;

/**
 * What a door was last told, and how the next command composes with it (the rules are in
 * {@link DoorCommand}'s javadoc). Pure: no I/O, no clock of its own; the door keeps one on the line's
 * context and replaces it when the PD ACKs a command.
 *
 * @param until      null: locked ({@code unlocked} false) or unlocked until a lock ({@code unlocked}
 *                   true); otherwise unlocked until this instant
 * @param deviceTimed for an {@code until}: the PD relocks by itself (its output timer runs); false
 *                   when the end was beyond the PD's timer and the gateway must relock; without an
 *                   {@code until}, true only for {@link #SEEN_UNLOCKED}
 */
record OsdpDoorIntent(boolean unlocked, Instant until, boolean deviceTimed) {
    /** OSDP output timers count 100 ms units in 16 bits. */
    static final Duration MAX_DEVICE_TIMER = Duration.ofMillis(65_535 * 100L);

    static final OsdpDoorIntent LOCKED = new OsdpDoorIntent(false, null, false);
    static final OsdpDoorIntent UNLOCKED = new OsdpDoorIntent(true, null, false);
    /**
     * Unlocked as a read showed it, never told so by this gateway (or no longer): at the panel, or by
     * a command whose answer was lost, or before a restart. It may be permanent or timed by the PD.
     */
    static final OsdpDoorIntent SEEN_UNLOCKED = new OsdpDoorIntent(true, null, true);

    /**
     * What to send for one command.
     *
     * @param permanentUnlocked the strike's permanent state to set (OUT code 1 or 2, which also cancels a
     *                          running timer), or null to leave it
     * @param temporaryUnlock   a temporary unlock to start after it (OUT code 5 or 6), or null
     * @param expectUnlocked    the strike state the PD must report afterwards
     * @param next              the intent once the PD ACKed
     */
    record Plan(Boolean permanentUnlocked, Duration temporaryUnlock, boolean expectUnlocked, OsdpDoorIntent next) {
        /** Nothing to send: the door already is as the command asks; the command is only confirmed by a read. */
        boolean sendsNothing() {
            return permanentUnlocked == null && temporaryUnlock == null;
        }
    }

    /** The intent as a PD's report shows it, when the PD did not do what it ACKed. */
    static OsdpDoorIntent reported(LockState lock) {
        return lock == LockState.UNLOCKED ? UNLOCKED : LOCKED;
    }

    /** The intent as of {@code now}: a timed unlock whose end has passed is locked. */
    OsdpDoorIntent at(Instant now) {
        return until != null && !until.isAfter(now) ? LOCKED : this;
    }

    /**
     * Plans {@code command} given this intent and what the PD last reported.
     *
     * @param pulse    the door's configured pulse, for a pulse without a duration
     * @param reported the strike as the PD last reported it: a pulse on a door the PD does not report
     *                 unlocked is a momentary unlock whatever the intent says (a panel may have relocked it)
     * @throws IllegalArgumentException for an end already past or a pulse longer than the PD can time
     */
    Plan plan(DoorCommand command, Instant now, Duration pulse, LockState reported) {
        // A PD has no lockdown mode: the gateway holds the lockdown, the door is locked.
        if (command instanceof DoorCommand.Lock || command instanceof DoorCommand.Lockdown || command instanceof DoorCommand.Release) {
            return new Plan(false, null, false, LOCKED);
        }
        if (command instanceof DoorCommand.Unlock u) {
            if (u.until() == null) return new Plan(true, null, true, UNLOCKED);
            Duration d = Duration.between(now, u.until());
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("unlock until a time already past: " + u.until());
            return d.compareTo(MAX_DEVICE_TIMER) <= 0
                    ? new Plan(false, d, true, new OsdpDoorIntent(true, u.until(), true))
                    : new Plan(true, null, true, new OsdpDoorIntent(true, u.until(), false));
        }
        Duration d = ((DoorCommand.Pulse) command).duration() == null ? pulse : ((DoorCommand.Pulse) command).duration();
        if (d.compareTo(MAX_DEVICE_TIMER) > 0) {
            throw new IllegalArgumentException("a pulse of %s is longer than the PD can time (%s); use an unlock until a time"
                    .formatted(d, MAX_DEVICE_TIMER));
        }
        // The PD's word wins over what it was last told: a door it reports locked (relocked at the panel) is locked.
        OsdpDoorIntent current = reported == LockState.UNLOCKED ? at(now) : LOCKED;
        if (current.equals(SEEN_UNLOCKED)) {
            // The PD may be timing an unlock nobody here knows the end of: a temporary unlock alone runs
            // the whole pulse and leaves a permanent unlock in place after it.
            return new Plan(null, d, true, new OsdpDoorIntent(true, now.plus(d), true));
        }
        if (current.unlocked && current.until == null) {
            return new Plan(null, null, true, current); // unlocked until a lock: a pulse changes nothing
        }
        Duration longest = d;
        if (current.until != null) {
            Duration remaining = Duration.between(now, current.until);
            if (remaining.compareTo(d) > 0) longest = remaining;
        }
        if (longest.compareTo(MAX_DEVICE_TIMER) > 0) {
            return new Plan(null, null, true, current); // held open by the permanent unlock; the gateway relocks at its end
        }
        return new Plan(false, longest, true, new OsdpDoorIntent(true, now.plus(longest), true));
    }
}
