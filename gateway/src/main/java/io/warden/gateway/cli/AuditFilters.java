package io.warden.gateway.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/** The audit trail's filters, shared by {@code audit} and {@code audit export}; passed to the gateway as they are. */
public final class AuditFilters {
    @Option(names = "--from", paramLabel = "TIME", description = "From this ISO-8601 time (inclusive).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Up to this ISO-8601 time (exclusive).")
    String to;

    @Option(names = "--site", paramLabel = "SITE", description = "Only this site.")
    String site;

    @Option(names = "--zone", paramLabel = "ZONE", description = "Only this zone (building).")
    String zone;

    @Option(names = "--door", paramLabel = "DOOR", description = "Only this door.")
    String door;

    @Option(names = "--actor", paramLabel = "NAME", description = "Only what this person, 'system' or device did.")
    String actor;

    @Option(names = "--credential", paramLabel = "CRED", description = "Only this credential (card hex or facility:number).")
    String credential;

    @Option(names = "--type", paramLabel = "TYPE", description = "Only this type, e.g. door.command, door.forced, auth.refused.")
    String type;

    @Option(names = "--result", paramLabel = "RESULT", description = "Only this result: requested, confirmed, failed, refused, ok.")
    String result;

    /** The filters given, as query parameters in a mutable map. */
    Map<String, String> query() {
        return WardenClient.query("from", from, "to", to, "site", site, "zone", zone, "door", door, "actor", actor,
                "credential", credential, "type", type, "result", result);
    }
}
