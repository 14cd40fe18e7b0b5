package io.warden.adapter.api;

import java.time.Duration;
import java.time.Instant;

/**
 * What a door can be told to do at the device. Lockdown and release are gateway policy built from
 * these (a lockdown is a {@link Lock} that the gateway then refuses to undo).
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
     * device when the device can time it (so the door relocks even if the gateway is gone).
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
     * door's configured pulse time.
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
}
