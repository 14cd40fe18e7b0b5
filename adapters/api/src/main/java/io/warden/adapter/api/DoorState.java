package io.warden.adapter.api;

import java.time.Instant;

/**
 * A door as its device last confirmed it. Fields the device has not reported are {@code UNKNOWN};
 * an adapter never fills them in from what it asked for.
 *
 * @param lock      strike state: the lock the device reported (ONVIF LockPhysicalState), else what its
 *                  output or its own door mode says (OSDP output status, ONVIF DoorMode)
 * @param contact   door position from the contact input the device reported
 * @param online    whether the device answers now
 * @param updatedAt when the device last confirmed any of this; null if never
 * @param mode      the mode a controller that keeps its own door modes reports (ONVIF Profile C
 *                  DoorMode); {@code UNKNOWN} for devices without modes (OSDP)
 * @param alarm     the door alarm the device reports itself; {@code UNKNOWN} when it reports none
 *                  (an OSDP door's forced and held-open alarms are events the adapter judges)
 * @param tamper    the door's tamper state as the device reports it
 * @param fault     the door's fault state as the device reports it
 */
public record DoorState(LockState lock, ContactState contact, boolean online, Instant updatedAt, Mode mode, Alarm alarm,
                        Flag tamper, Flag fault) {

    public enum LockState { LOCKED, UNLOCKED, UNKNOWN }

    public enum ContactState { CLOSED, OPEN, UNKNOWN }

    /** A controller's own door mode (ONVIF DoorMode, onvif.md §6.1). */
    public enum Mode {
        UNKNOWN, LOCKED, UNLOCKED,
        /** A momentary unlock that returns to the mode before it. */
        ACCESSED,
        /** Locked; the device refuses momentary access. */
        BLOCKED,
        /** Locked and held locked by the device: it refuses everything but the release. */
        LOCKED_DOWN,
        /** Unlocked and held open by the device: it refuses everything but the release. */
        LOCKED_OPEN,
        DOUBLE_LOCKED;

        /** The strike state this mode implies, for devices that report no lock monitor. */
        public LockState lock() {
            return switch (this) {
                case LOCKED, BLOCKED, LOCKED_DOWN, DOUBLE_LOCKED -> LockState.LOCKED;
                case UNLOCKED, ACCESSED, LOCKED_OPEN -> LockState.UNLOCKED;
                case UNKNOWN -> LockState.UNKNOWN;
            };
        }
    }

    public enum Alarm { UNKNOWN, NORMAL, FORCED_OPEN, OPEN_TOO_LONG }

    /** A condition the device reports on or off. */
    public enum Flag { UNKNOWN, CLEAR, ACTIVE }

    public static final DoorState UNKNOWN = new DoorState(LockState.UNKNOWN, ContactState.UNKNOWN, false, null);

    public DoorState {
        if (lock == null || contact == null || mode == null || alarm == null || tamper == null || fault == null) {
            throw new IllegalArgumentException("door state fields may be UNKNOWN, never null");
        }
    }

    /** A door of a device without modes or alarms of its own (OSDP). */
    public DoorState(LockState lock, ContactState contact, boolean online, Instant updatedAt) {
        this(lock, contact, online, updatedAt, Mode.UNKNOWN, Alarm.UNKNOWN, Flag.UNKNOWN, Flag.UNKNOWN);
    }

    public DoorState withLock(LockState l, Instant at) {
        return new DoorState(l, contact, online, at, mode, alarm, tamper, fault);
    }

    public DoorState withContact(ContactState c, Instant at) {
        return new DoorState(lock, c, online, at, mode, alarm, tamper, fault);
    }

    public DoorState withOnline(boolean o, Instant at) {
        return new DoorState(lock, contact, o, at, mode, alarm, tamper, fault);
    }

    public DoorState withMode(Mode m, Instant at) {
        return new DoorState(lock, contact, online, at, m, alarm, tamper, fault);
    }

    public DoorState withAlarm(Alarm a, Instant at) {
        return new DoorState(lock, contact, online, at, mode, a, tamper, fault);
    }

    public DoorState withTamper(Flag t, Instant at) {
        return new DoorState(lock, contact, online, at, mode, alarm, t, fault);
    }

    public DoorState withFault(Flag f, Instant at) {
        return new DoorState(lock, contact, online, at, mode, alarm, tamper, f);
    }
}
