package io.warden.gateway.config;

import java.time.Duration;
import java.util.List;

/**
 * Footage jobs: how long a window may be, how much runs at once, and automatic incident capture.
 *
 * @param maxWindowMinutes    the longest window one request may ask for, 1..1440; default 240
 * @param camerasInParallel   cameras of one job exported at once, 1..64; default 4
 * @param sessionsPerRecorder replay sessions at once per recorder (camera or NVR), across all jobs, 1..64; default 2
 * @param gapSeconds          frames further apart than this (capture time) are a gap, 1..3600; default 2
 * @param resumeAttempts      a dropped replay is resumed from its last frame at most this often per camera, 0..100; default 3
 * @param reserveMegabytes    a job fails STORAGE_FULL (and removes its files) when less than this is free, 0..10^7; default 256
 * @param autoCapture         jobs started by door and lockdown events
 */
public record FootageConfig(Integer maxWindowMinutes, Integer camerasInParallel, Integer sessionsPerRecorder, Integer gapSeconds,
                            Integer resumeAttempts, Long reserveMegabytes, AutoCapture autoCapture) {
    public FootageConfig {
        maxWindowMinutes = maxWindowMinutes == null ? 240 : maxWindowMinutes;
        camerasInParallel = camerasInParallel == null ? 4 : camerasInParallel;
        sessionsPerRecorder = sessionsPerRecorder == null ? 2 : sessionsPerRecorder;
        gapSeconds = gapSeconds == null ? 2 : gapSeconds;
        resumeAttempts = resumeAttempts == null ? 3 : resumeAttempts;
        reserveMegabytes = reserveMegabytes == null ? 256L : reserveMegabytes;
        autoCapture = autoCapture == null ? AutoCapture.defaults() : autoCapture;
    }

    public static FootageConfig defaults() {
        return new FootageConfig(null, null, null, null, null, null, null);
    }

    public Duration maxWindow() {
        return Duration.ofMinutes(maxWindowMinutes);
    }

    public Duration gap() {
        return Duration.ofSeconds(gapSeconds);
    }

    public long reserveBytes() {
        return reserveMegabytes * 1024L * 1024L;
    }

    /**
     * Automatic incident capture: a job for the door's cameras (a lockdown: every camera of a door in
     * its scope) from {@code beforeSeconds} before the event to {@code afterSeconds} after it.
     *
     * @param enabled       default true
     * @param on            audit record types that trigger it: door.forced, door.held_open, lockdown.started (the default: all three)
     * @param beforeSeconds 0..3600, default 60
     * @param afterSeconds  0..3600, default 120
     */
    public record AutoCapture(Boolean enabled, List<String> on, Integer beforeSeconds, Integer afterSeconds) {
        public static final List<String> TRIGGERS = List.of("door.forced", "door.held_open", "lockdown.started");

        public AutoCapture {
            enabled = enabled == null ? Boolean.TRUE : enabled;
            on = on == null ? TRIGGERS : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(on));
            beforeSeconds = beforeSeconds == null ? 60 : beforeSeconds;
            afterSeconds = afterSeconds == null ? 120 : afterSeconds;
        }

        static AutoCapture defaults() {
            return new AutoCapture(null, null, null, null);
        }

        public Duration before() {
            return Duration.ofSeconds(beforeSeconds);
        }

        public Duration after() {
            return Duration.ofSeconds(afterSeconds);
        }
    }
}
