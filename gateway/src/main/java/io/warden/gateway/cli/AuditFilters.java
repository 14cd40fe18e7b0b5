package io.warden.gateway.cli;

import java.time.Instant;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The audit trail's filters, shared by {@code audit} and {@code audit export}; passed to the gateway as they
 * are, but for the times, which are read here (local times too) and sent as UTC.
 */
public final class AuditFilters {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--from", paramLabel = "TIME", description = "From this time (inclusive): " + CliTimes.FORMATS + ".")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Up to this time (exclusive), same forms as --from.")
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

    /** The filters given, as query parameters in a mutable map; a bad time is a usage error. */
    Map<String, String> query() {
        CliTimes times = CliTimes.local();
        Instant a;
        Instant b;
        try {
            a = from == null ? null : times.parse("--from", from);
            b = to == null ? null : times.parse("--to", to);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(mixee.commandLine(), e.getMessage());
        }
        if (a != null && b != null && !b.isAfter(a)) {
            throw new CommandLine.ParameterException(mixee.commandLine(), "--to (" + times.show(b) + ") must be after --from (" + times.show(a) + ")");
        }
        return WardenClient.query("from", a == null ? null : a.toString(), "to", b == null ? null : b.toString(), "site", site,
                "zone", zone, "door", door, "actor", actor, "credential", credential, "type", type, "result", result);
    }
}
