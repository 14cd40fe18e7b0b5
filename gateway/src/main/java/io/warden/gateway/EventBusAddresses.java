package io.warden.gateway;

/**
 * Every event-bus address Warden uses, in one place. Commands to a device always travel over the
 * bus, so a single node and a cluster (where another node owns the device) behave the same.
 */
public final class EventBusAddresses {
    private EventBusAddresses() {}

    /** Commands for one door, consumed on the node that owns the door's controller. */
    public static String door(String doorId) {
        return "warden.door." + doorId;
    }

    /**
     * Published ({@code {"id": lockdownId}}) after a node saved a change to a lockdown in the shared
     * database; every node rereads that lockdown.
     */
    public static String lockdownsChanged() {
        return "warden.lockdowns.changed";
    }

    /**
     * Published by every node of a cluster: the states of the doors it serves and the health of the
     * controllers it drives (changes each second, a full snapshot every few seconds), so that every
     * node shows every door. See {@code door.RemoteDoorStates} for the message.
     */
    public static String doorStates() {
        return "warden.door-states"; // not under "warden.door.": a door may be called "states"
    }
}
