package io.warden.gateway.footage;

import java.time.Duration;

/**
 * How far one camera's export has got.
 *
 * @param covered media time written (sum of the clips' durations, gaps excluded)
 * @param frames  access units written
 * @param bytes   bytes written to clip files
 */
public record ClipProgress(Duration covered, long frames, long bytes) {}
