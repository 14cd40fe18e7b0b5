package io.warden.gateway.people;

import java.util.Map;

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
 */
public record ImportRequest(String format, Map<String, byte[]> files, boolean dryRun, boolean fullSync) {
    public ImportRequest {
        files = Map.copyOf(files);
    }
}
