package io.warden.gateway.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code warden lockdown start}: lock down a scope and print how every door answered. */
@Command(name = "start", header = "Lock down a site, a zone (building) or doors; report every door's answer.",
        description = "Exit code 1 when any door in scope failed or is offline: those doors are NOT locked.")
public final class LockdownStartCommand extends OperatorCommand {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Scope scope;

    static final class Scope {
        @Option(names = "--site", paramLabel = "SITE", required = true, description = "Every door of a site.")
        String site;

        @Option(names = "--zone", paramLabel = "ZONE", required = true, description = "Every door of a zone (building).")
        String zone;

        @Option(names = "--door", paramLabel = "DOOR", arity = "1..*", split = ",", required = true,
                description = "These doors (repeat the option or separate with commas).")
        List<String> doors;
    }

    @Option(names = "--level", paramLabel = "lockdown|secure", defaultValue = "lockdown",
            description = "lockdown: every door in scope (default); secure: the exterior doors only.")
    String level;

    @Option(names = "--drill", description = "Mark it as a drill in the report and the audit trail.")
    boolean drill;

    @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why; written to the audit trail.")
    String reason;

    @Mixin
    JsonOption json;

    @Override
    protected int execute(WardenClient client) throws CliFailure {
        if (!level.equals("lockdown") && !level.equals("secure")) throw usage("--level must be lockdown or secure");
        if (reason.isBlank()) throw usage("--reason must say why");
        ObjectNode body = client.object();
        body.put("level", level);
        ObjectNode s = body.putObject("scope");
        if (scope.site != null) s.put("site", scope.site);
        else if (scope.zone != null) s.put("zone", scope.zone);
        else scope.doors.forEach(s.putArray("doors")::add);
        if (drill) body.put("drill", true);
        body.put("reason", reason);

        WardenClient.Reply reply = client.post("/lockdowns", body);
        if (json.on) {
            printRaw(reply);
            return LockdownReports.allConfirmed(reply.json()) ? ExitCodes.OK : ExitCodes.FAILED;
        }
        return LockdownReports.print(reply.json(), out()) ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
