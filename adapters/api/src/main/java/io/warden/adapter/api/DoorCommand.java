package io.warden.adapter.api;

import java.time.Duration;
import java.time.Instant;

/**
 * What a door can be told to do at the device. A lockdown is gateway policy (the gateway refuses
 * unlocks while it lasts) carried to the door by {@link Lockdown}, which a device with a lockdown
 * mode of its own (ONVIF LockDownDoor) also enforces, so the door stays shut even without the gateway.
 *
 * <p><b>How commands compose.</b> Every adapter carries out a door's commands in the order they were
 * given, each on the state the ones before it left:
 * <ul>
 *   <li>{@link Lock}: locks now and ends any unlock, timed unlock or pulse in progress.</li>
 *   <li>{@link Unlock} without an end: unlocked until a later lock. A pulse changes nothing (the door
 *       stays unlocked after it).</li>
 *   <li>{@link Unlock} until T: unlocked until T, or until a later lock, unlock or unlock-until replaces
 *       it: the most recent wins, so it may shorten or lengthen an earlier one.</li>
 *   <li>{@link Pulse} for d: on a door unlocked without an end, changes nothing; on a door unlocked
 *       until T, never shortens it (when now + d is after T the door stays unlocked until now + d);
 *       on a locked door, a momentary unlock until now + d.</li>
 *   <li>{@link Lockdown}: like {@link Lock}; a device with a lockdown mode then refuses every command
 *       but {@link Release} (the adapter reports its refusal as {@link ErrorCode#DEVICE_REJECTED}).</li>
 *   <li>{@link Release}: ends a lockdown held at the device; the door stays locked. On a device
 *       without a lockdown mode it is a {@link Lock}.</li>
 * </ul>
 * A command succeeds only when the device confirmed the strike state it asks for; the result
 * carries the state the device reported.
 */
public sealed interface DoorCommand {

    /** A short name for logs, audit and API: {@code lock}, {@code unlock}, {@code pulse}. */
    String name();

    /** Lock now, cancelling any timed unlock in progress. */
    record Lock() implements DoorCommand {
        @Override
        public String name() {
            return "lock";
        }
    }

    /**
     * Unlock and stay unlocked, until {@code until} when it is not null. Adapters relock at the
     * device when the device can time it (so the door relocks even if the gateway is gone); an end
     * beyond what the device can time is a permanent unlock that the gateway relocks at
     * {@code until}: the adapter does not relock by itself.
     */
    record Unlock(Instant until) implements DoorCommand {
        public Unlock() {
            this(null);
        }

        @Override
        public String name() {
            return "unlock";
        }
    }

    /**
     * Momentary unlock ("buzz them in") for {@code duration}, then relock by itself; null means the
     * door's configured pulse time. It never ends or shortens an unlock in progress (see above). A
     * duration longer than the device can time is refused (BAD_REQUEST): use an unlock until a time.
     */
    record Pulse(Duration duration) implements DoorCommand {
        public Pulse {
            if (duration != null && (duration.isNegative() || duration.isZero())) {
                throw new IllegalArgumentException("pulse duration must be positive: " + duration);
            }
        }

        @Override
        public String name() {
            return "pulse";
        }
    }

    /** Lock and hold locked: the door's part of a lockdown (see above). */
    record Lockdown() implements DoorCommand {
        @Override
        public String name() {
            return "lockdown";
        }
    }

    /**
     * End the lockdown the device holds; the door stays locked. Succeeds when the device confirmed the
     * door locked and out of its lockdown mode (a door that was not locked down is simply locked).
     */
    record Release() implements DoorCommand {
        @Override
        public String name() {
            return "release";
        }
    }
}
