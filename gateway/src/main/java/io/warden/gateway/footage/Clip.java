package io.warden.gateway.footage;

import java.time.Instant;

/**
 * One MP4 file of an evidence package: a continuous section of one camera's footage.
 *
 * @param file   its file name inside the package directory
 * @param from   capture time of its first frame (the device's clock)
 * @param to     capture time of its first frame plus its duration
 * @param frames number of access units
 * @param bytes  file size
 * @param sha256 lower-case hex SHA-256 of the file
 */
public record Clip(String file, Instant from, Instant to, long frames, long bytes, String sha256) {}
