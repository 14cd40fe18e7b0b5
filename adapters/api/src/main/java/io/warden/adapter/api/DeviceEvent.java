package io.warden.adapter.api;

import java.time.Instant;

/**
 * Something a device reported. Every event names the controller ({@code deviceId}) and, where it
 * concerns a door, the door; {@code time} is when the gateway received it.
 */
public sealed interface DeviceEvent {
    String deviceId();

    /** The door concerned, or null for device-wide events. */
    String doorId();

    Instant time();

    /** A stable lower-case type name for the audit trail and the event stream, e.g. "door.forced". */
    String type();

    /** A reader read a credential. The access decision is not part of this event. */
    record CredentialRead(String deviceId, String doorId, Instant time, int reader, Credential credential) implements DeviceEvent {
        public String type() { return "credential.read"; }
    }

    /** The controller itself granted access (controllers that decide, e.g. ONVIF Profile C). */
    record AccessGranted(String deviceId, String doorId, Instant time, Credential credential) implements DeviceEvent {
        public String type() { return "access.granted"; }
    }

    /** The controller itself denied access. */
    record AccessDenied(String deviceId, String doorId, Instant time, Credential credential, String reason) implements DeviceEvent {
        public String type() { return "access.denied"; }
    }

    record DoorOpened(String deviceId, String doorId, Instant time) implements DeviceEvent {
        public String type() { return "door.opened"; }
    }

    record DoorClosed(String deviceId, String doorId, Instant time) implements DeviceEvent {
        public String type() { return "door.closed"; }
    }

    /** The strike output changed as the device reported it. */
    record LockChanged(String deviceId, String doorId, Instant time, DoorState.LockState lock) implements DeviceEvent {
        public String type() { return "door.lock"; }
    }

    /** The contact opened while locked with no unlock or request-to-exit before it. */
    record DoorForced(String deviceId, String doorId, Instant time) implements DeviceEvent {
        public String type() { return "door.forced"; }
    }

    /** The door stayed open longer than allowed; {@code openFor} seconds so far. */
    record DoorHeldOpen(String deviceId, String doorId, Instant time, long openForSeconds) implements DeviceEvent {
        public String type() { return "door.held_open"; }
    }

    record RequestToExit(String deviceId, String doorId, Instant time) implements DeviceEvent {
        public String type() { return "door.rex"; }
    }

    /** A reader or panel tamper switch changed. */
    record Tamper(String deviceId, String doorId, Instant time, boolean active) implements DeviceEvent {
        public String type() { return active ? "device.tamper" : "device.tamper_cleared"; }
    }

    /** Mains power failed or came back. */
    record PowerFailure(String deviceId, String doorId, Instant time, boolean active) implements DeviceEvent {
        public String type() { return active ? "device.power_failure" : "device.power_restored"; }
    }

    record DeviceOnline(String deviceId, String doorId, Instant time, String detail) implements DeviceEvent {
        public String type() { return "device.online"; }
    }

    record DeviceOffline(String deviceId, String doorId, Instant time, String reason) implements DeviceEvent {
        public String type() { return "device.offline"; }
    }

    /** A new secure-channel key (SCBK) was written to the device, e.g. in OSDP install mode. Never carries the key. */
    record KeyProvisioned(String deviceId, String doorId, Instant time, String detail) implements DeviceEvent {
        public String type() { return "device.key_provisioned"; }
    }

    /** The device talks without the secure channel although one was preferred; {@code reason} says why. */
    record SecureChannelDowngraded(String deviceId, String doorId, Instant time, String reason) implements DeviceEvent {
        public String type() { return "device.secure_channel_downgraded"; }
    }
}
