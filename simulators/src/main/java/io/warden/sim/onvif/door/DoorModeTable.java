package io.warden.sim.onvif.door;

import io.warden.adapter.api.DoorState.Mode;

/**
 * The Profile C door-mode state machine (onvif.md §6.1, "Which transitions are allowed"): LockedDown accepts only its
 * release (and a repeated LockDown, a no-op), LockedOpen likewise, Blocked refuses AccessDoor, the releases only
 * succeed from their own mode. Pure; thread-safe.
 */
final class DoorModeTable {
    /** The door commands, by operation name. */
    enum Command {
        ACCESS("AccessDoor"), LOCK("LockDoor"), UNLOCK("UnlockDoor"), BLOCK("BlockDoor"), DOUBLE_LOCK("DoubleLockDoor"),
        LOCK_DOWN("LockDownDoor"), LOCK_DOWN_RELEASE("LockDownReleaseDoor"), LOCK_OPEN("LockOpenDoor"),
        LOCK_OPEN_RELEASE("LockOpenReleaseDoor");

        final String operation;

        Command(String operation) {
            this.operation = operation;
        }
    }

    /** The mode after {@code cmd}, or a refusal naming the mode that forbids it. */
    record Outcome(Mode next, String refusal) {
        boolean refused() {
            return refusal != null;
        }
    }

    private DoorModeTable() {}

    static Outcome apply(String door, Mode mode, Command cmd) {
        if (mode == Mode.LOCKED_DOWN) {
            return switch (cmd) {
                case LOCK_DOWN -> ok(mode);
                case LOCK_DOWN_RELEASE -> ok(Mode.LOCKED);
                default -> refuse(door, mode, "only LockDownReleaseDoor is accepted");
            };
        }
        if (mode == Mode.LOCKED_OPEN) {
            return switch (cmd) {
                case LOCK_OPEN -> ok(mode);
                case LOCK_OPEN_RELEASE -> ok(Mode.UNLOCKED);
                default -> refuse(door, mode, "only LockOpenReleaseDoor is accepted");
            };
        }
        return switch (cmd) {
            case ACCESS -> mode == Mode.BLOCKED ? refuse(door, mode, "AccessDoor is refused") : ok(Mode.ACCESSED);
            case LOCK -> ok(Mode.LOCKED);
            case UNLOCK -> ok(Mode.UNLOCKED);
            case BLOCK -> ok(Mode.BLOCKED);
            case DOUBLE_LOCK -> ok(Mode.DOUBLE_LOCKED);
            case LOCK_DOWN -> ok(Mode.LOCKED_DOWN);
            case LOCK_OPEN -> ok(Mode.LOCKED_OPEN);
            case LOCK_DOWN_RELEASE -> refuse(door, mode, "not LockedDown, nothing to release");
            case LOCK_OPEN_RELEASE -> refuse(door, mode, "not LockedOpen, nothing to release");
        };
    }

    /** The ONVIF DoorMode value: {@code LOCKED_DOWN} → {@code LockedDown}. */
    static String onvif(Mode m) {
        StringBuilder sb = new StringBuilder();
        for (String part : m.name().split("_")) sb.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
        return sb.toString();
    }

    private static Outcome ok(Mode next) {
        return new Outcome(next, null);
    }

    private static Outcome refuse(String door, Mode mode, String why) {
        return new Outcome(mode, "door " + door + " is " + onvif(mode) + "; " + why);
    }
}
