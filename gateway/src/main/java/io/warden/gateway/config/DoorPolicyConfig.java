package io.warden.gateway.config;

import java.time.Duration;

/**
 * Limits on door commands.
 *
 * @param maxUnlockMinutes how far ahead an {@code unlock until} may reach, 1..10080 (a week); default
 *                         720 (12 h, a school day). The gateway relocks at {@code until} itself and
 *                         keeps that relock on disk, but a door left unlocked for days is a mistake.
 */
public record DoorPolicyConfig(Integer maxUnlockMinutes) {
    public static final int DEFAULT_MAX_UNLOCK_MINUTES = 720;
    static final int MAX_UNLOCK_MINUTES_LIMIT = 10_080;

    public DoorPolicyConfig {
        maxUnlockMinutes = maxUnlockMinutes == null ? DEFAULT_MAX_UNLOCK_MINUTES : maxUnlockMinutes;
    }

    static DoorPolicyConfig defaults() {
        return new DoorPolicyConfig(null);
    }

    public Duration maxUnlock() {
        return Duration.ofMinutes(maxUnlockMinutes);
    }
}
