package io.warden.adapter.api;

import java.time.Duration;
import java.time.Instant;

/**
 * Something a device reported. Every event names the device ({@code deviceId}: a controller's device,
 * or a camera's id) and, where it concerns a door, the door; {@code time} is when the gateway received
 * it. A device that stamps its events gives its own time through {@link AdapterContext#emit(DeviceEvent, Instant)}.
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

    /**
     * The controller itself granted access (controllers that decide, e.g. ONVIF Profile C).
     *
     * @param credential what was presented; null for anonymous access (e.g. a free-exit button the controller reports)
     * @param holder     the credential holder's name as the controller gave it, or null
     */
    record AccessGranted(String deviceId, String doorId, Instant time, Credential credential, String holder) implements DeviceEvent {
        public String type() { return "access.granted"; }
    }

    /**
     * The controller itself denied access.
     *
     * @param credential what was presented, or null when none was (anonymous)
     * @param holder     the credential holder's name as the controller gave it, or null
     * @param reason     the controller's reason, e.g. ONVIF's {@code CredentialExpired}; {@code Other} when it gave none it defines
     */
    record AccessDenied(String deviceId, String doorId, Instant time, Credential credential, String holder, String reason) implements DeviceEvent {
        public String type() { return "access.denied"; }
    }

    /** The controller changed the door's mode (ONVIF DoorMode), e.g. to {@code LOCKED_DOWN}. */
    record DoorModeChanged(String deviceId, String doorId, Instant time, DoorState.Mode mode) implements DeviceEvent {
        public String type() { return "door.mode"; }
    }

    /** The device reports a fault at the door (ONVIF DoorFault), or that it cleared; {@code reason} is the device's, or null. */
    record DoorFault(String deviceId, String doorId, Instant time, boolean active, String reason) implements DeviceEvent {
        public String type() { return active ? "door.fault" : "door.fault_cleared"; }
    }

    /**
     * A camera saw motion start or stop ({@code deviceId} is the camera's id).
     *
     * @param source the camera's own name for where (a video source or analytics rule token), or null
     */
    record Motion(String deviceId, String doorId, Instant time, String source, boolean active) implements DeviceEvent {
        public String type() { return active ? "camera.motion" : "camera.motion_ended"; }
    }

    /**
     * The device's clock differs from the gateway's by more than the configured threshold
     * ({@code exceeded}), or is back within it. Evidence and events stamped by a drifting clock are suspect.
     *
     * @param offset    device clock minus gateway clock, as measured
     * @param threshold the configured limit
     */
    record ClockSkew(String deviceId, String doorId, Instant time, Duration offset, Duration threshold, boolean exceeded) implements DeviceEvent {
        public String type() { return exceeded ? "device.clock_skew" : "device.clock_ok"; }
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
