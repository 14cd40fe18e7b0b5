package io.warden.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code warden lockdown release ID}. Only roles allowed to release may (exit 3 otherwise). */
@Command(name = "release", header = "End a lockdown. The doors stay locked; each is told its lockdown ended.",
        description = {"Once released, unlock and pulse in its scope are allowed again; each door stays locked until someone "
                + "unlocks it ('warden unlock DOOR'). Each door no other lockdown still holds is sent a release (a controller "
                + "with a lockdown mode of its own leaves it); one per line below. A door that did not confirm is sent it "
                + "again while the gateway runs. The release is on the audit trail; a lockdown already released is not "
                + "released again."})
public final class LockdownReleaseCommand extends OperatorCommand {

    @Parameters(paramLabel = "ID", description = "The lockdown's id, as 'warden lockdown list' shows it.")
    String id;

    @Mixin
    JsonOption json;

    @Override
    protected int execute(WardenClient client) throws CliFailure {
        WardenClient.Reply reply = client.post("/lockdowns/" + WardenClient.seg(id) + "/release", client.object());
        if (json.on) {
            printRaw(reply);
            return ExitCodes.OK;
        }
        JsonNode r = reply.json();
        StringBuilder line = new StringBuilder("lockdown ").append(CliText.clean(id)).append("  released");
        if (CliText.textOrNull(r.get("releasedBy")) != null) line.append(" by ").append(CliText.cell(r, "releasedBy"));
        if (CliText.textOrNull(r.get("releasedAt")) != null) line.append(" at ").append(CliText.cell(r, "releasedAt"));
        out().println(line);
        if (r.path("releases").size() > 0) {
            TextTable t = new TextTable("DOOR", "RELEASE", "LATENCY", "DETAIL");
            for (JsonNode d : r.path("releases")) {
                t.row(CliText.cell(d, "id"), CliText.lower(d, "status"), CliText.millis(d, "latencyMs"),
                        CliText.textOrNull(d.get("detail")) == null ? "" : CliText.cell(d, "detail"));
            }
            t.print(out());
        }
        out().flush();
        return ExitCodes.OK;
    }
}
