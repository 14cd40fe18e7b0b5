package io.warden.gateway.people;

import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * People to import, as the district's files hold them.
 *
 * @param format   {@code oneroster}: OneRoster CSV (1.1 or 1.2, told apart by the header), or {@code csv}:
 *                 Warden's plain CSV (see the README)
 * @param files    file name to bytes: for OneRoster {@code users.csv} and, where given, {@code orgs.csv},
 *                 {@code enrollments.csv}, {@code roles.csv}; for the plain CSV one file under any name. A
 *                 OneRoster zip is unpacked into this map by the caller
 * @param dryRun   plan only: report adds, changes and suspensions, change nothing
 * @param fullSync the files are the complete roster: people of the same source missing from them are
 *                 suspended (OneRoster bulk files are; a plain CSV is not unless asked)
 * @param zone     the district's time zone: a plain date ({@code valid_until 2026-06-12}) is that day on its clocks
 */
public record ImportRequest(String format, Map<String, byte[]> files, boolean dryRun, boolean fullSync, ZoneId zone) {
    public ImportRequest {
        files = Map.copyOf(files);
        Objects.requireNonNull(zone, "zone");
    }

    /** Dates read in UTC, until the directory service says which zone the district is in ({@link #inZone}). */
    public ImportRequest(String format, Map<String, byte[]> files, boolean dryRun, boolean fullSync) {
        this(format, files, dryRun, fullSync, ZoneId.of("UTC"));
    }

    /** The same request with dates read in {@code zone}. */
    public ImportRequest inZone(ZoneId zone) {
        return new ImportRequest(format, files, dryRun, fullSync, zone);
    }
}
