package io.warden.adapter.api;

import java.time.Instant;

/**
 * A door as its device last confirmed it. Fields the device has not reported are {@code UNKNOWN};
 * an adapter never fills them in from what it asked for.
 *
 * @param lock      strike state derived from the output the device reported
 * @param contact   door position from the contact input the device reported
 * @param online    whether the device answers now
 * @param updatedAt when the device last confirmed any of this; null if never
 */
public record DoorState(LockState lock, ContactState contact, boolean online, Instant updatedAt) {

    public enum LockState { LOCKED, UNLOCKED, UNKNOWN }

    public enum ContactState { CLOSED, OPEN, UNKNOWN }

    public static final DoorState UNKNOWN = new DoorState(LockState.UNKNOWN, ContactState.UNKNOWN, false, null);

    public DoorState withLock(LockState l, Instant at) {
        return new DoorState(l, contact, online, at);
    }

    public DoorState withContact(ContactState c, Instant at) {
        return new DoorState(lock, c, online, at);
    }

    public DoorState withOnline(boolean o, Instant at) {
        return new DoorState(lock, contact, o, at);
    }
}
