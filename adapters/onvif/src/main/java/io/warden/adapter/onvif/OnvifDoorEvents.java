package io.warden.adapter.onvif;

import io.warden.adapter.api.Credential;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DoorState;
import io.warden.adapter.onvif.events.OnvifNotification;
import io.warden.adapter.onvif.soap.OnvifDoorParsers;
import io.warden.adapter.onvif.soap.OnvifDoorStatus;
import java.time.Instant;
import java.util.Set;

/**
 * How a Profile C controller's notifications (onvif.md §5) map onto a door: which door-state field a
 * {@code Door/State/*} property sets and to what, and which {@link DeviceEvent} an
 * {@code AccessControl/AccessGranted/*} or {@code AccessControl/Denied/*} message is. Pure: no state,
 * no I/O.
 */
final class OnvifDoorEvents {
    /** The Denied reasons ONVIF defines; anything else (a vendor's {@code pt:...}) is reported as Other. */
    static final Set<String> DENIED_REASONS = Set.of("CredentialNotEnabled", "CredentialNotActive", "CredentialExpired", "InvalidPIN",
            "NotPermittedAtThisTime", "Unauthorized", "Other");

    /** A door-state field a property event sets. */
    enum Field { MODE, CONTACT, LOCK, ALARM, TAMPER, FAULT }

    private OnvifDoorEvents() {}

    /** The field a {@code Door/State/*} topic sets, or null for one the gateway does not model (DoubleLockPhysicalState). */
    static Field field(String topic) {
        return switch (topic) {
            case "Door/State/DoorMode" -> Field.MODE;
            case "Door/State/DoorPhysicalState" -> Field.CONTACT;
            case "Door/State/LockPhysicalState" -> Field.LOCK;
            case "Door/State/DoorAlarm" -> Field.ALARM;
            case "Door/State/DoorTamper" -> Field.TAMPER;
            case "Door/State/DoorFault" -> Field.FAULT;
            default -> null;
        };
    }

    /**
     * {@code s} with {@code field} set from the message's Data {@code State}. {@code lockFromMode}: the
     * door has no lock monitor, so its lock follows its mode. A message without a State leaves {@code s} as it is.
     */
    static DoorState apply(DoorState s, Field field, OnvifNotification n, boolean lockFromMode, Instant at) {
        String v = n.data().get("State");
        if (v == null) return s;
        v = v.strip();
        return switch (field) {
            case MODE -> {
                DoorState.Mode m = OnvifDoorParsers.mode(v);
                DoorState t = s.withMode(m, at);
                yield lockFromMode ? t.withLock(m.lock(), at) : t;
            }
            case CONTACT -> s.withContact(OnvifDoorParsers.contact(v), at);
            case LOCK -> lockFromMode ? s : s.withLock(OnvifDoorParsers.lock(v), at);
            case ALARM -> s.withAlarm(OnvifDoorParsers.alarm(v), at);
            case TAMPER -> s.withTamper(flag(v, "NotInTamper", "TamperDetected"), at);
            case FAULT -> s.withFault(flag(v, "NotInFault", "FaultDetected"), at);
        };
    }

    /** {@code s} with every field as a GetDoorState reply gives it (the lock from the mode when {@code lockFromMode}). */
    static DoorState read(DoorState s, OnvifDoorStatus r, boolean lockFromMode, Instant at) {
        return s.withMode(r.mode(), at).withLock(lockFromMode ? r.mode().lock() : r.lock(), at).withContact(r.contact(), at)
                .withAlarm(r.alarm(), at).withTamper(r.tamper(), at).withFault(r.fault(), at);
    }

    /** The value of {@code f} in {@code s}. */
    static Object value(DoorState s, Field f) {
        return switch (f) {
            case MODE -> s.mode();
            case CONTACT -> s.contact();
            case LOCK -> s.lock();
            case ALARM -> s.alarm();
            case TAMPER -> s.tamper();
            case FAULT -> s.fault();
        };
    }

    /** {@code s} with {@code f} taken from {@code from}. */
    static DoorState with(DoorState s, Field f, DoorState from, Instant at) {
        return switch (f) {
            case MODE -> s.withMode(from.mode(), at);
            case CONTACT -> s.withContact(from.contact(), at);
            case LOCK -> s.withLock(from.lock(), at);
            case ALARM -> s.withAlarm(from.alarm(), at);
            case TAMPER -> s.withTamper(from.tamper(), at);
            case FAULT -> s.withFault(from.fault(), at);
        };
    }

    static DoorState.Flag flag(String v, String clear, String active) {
        return v.equals(clear) ? DoorState.Flag.CLEAR : v.equals(active) ? DoorState.Flag.ACTIVE : DoorState.Flag.UNKNOWN;
    }

    /** Whether the topic is an access decision this mapping turns into an event. */
    static boolean isAccess(OnvifNotification n) {
        return n.under("AccessControl/AccessGranted") || n.under("AccessControl/Denied");
    }

    /**
     * The access decision {@code n} reports at {@code doorId}, or null when it is not one
     * ({@link #isAccess} false). Anonymous access has no credential.
     */
    static DeviceEvent access(String deviceId, String doorId, Instant at, OnvifNotification n) {
        String token = blankToNull(n.data().get("CredentialToken"));
        String holder = blankToNull(n.data().get("CredentialHolderName"));
        Credential credential = token == null ? null : Credential.token(token);
        if (n.under("AccessControl/AccessGranted")) return new DeviceEvent.AccessGranted(deviceId, doorId, at, credential, holder);
        if (!n.under("AccessControl/Denied")) return null;
        String reason;
        if (n.under("AccessControl/Denied/CredentialNotFound")) {
            reason = "CredentialNotFound";
        } else {
            String given = blankToNull(n.data().get("Reason"));
            reason = given != null && DENIED_REASONS.contains(given.strip()) ? given.strip() : "Other";
        }
        return new DeviceEvent.AccessDenied(deviceId, doorId, at, credential, holder, reason);
    }

    /** ONVIF's spelling of a door mode, for messages people read next to the device's own. */
    static String onvifName(DoorState.Mode m) {
        return switch (m) {
            case UNKNOWN -> "Unknown";
            case LOCKED -> "Locked";
            case UNLOCKED -> "Unlocked";
            case ACCESSED -> "Accessed";
            case BLOCKED -> "Blocked";
            case LOCKED_DOWN -> "LockedDown";
            case LOCKED_OPEN -> "LockedOpen";
            case DOUBLE_LOCKED -> "DoubleLocked";
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
