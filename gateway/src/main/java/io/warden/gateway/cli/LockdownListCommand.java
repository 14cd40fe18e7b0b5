package io.warden.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code warden lockdown list}: the active lockdowns. */
@Command(name = "list", header = "List the active lockdowns.")
public final class LockdownListCommand extends OperatorCommand {

    @Mixin
    JsonOption json;

    @Override
    protected int execute(WardenClient client) throws CliFailure {
        WardenClient.Reply reply = client.get("/lockdowns", WardenClient.query());
        if (json.on) {
            printRaw(reply);
            return ExitCodes.OK;
        }
        JsonNode items = reply.json().isArray() ? reply.json() : reply.json().path("items");
        TextTable t = new TextTable("ID", "LEVEL", "SCOPE", "DRILL", "STARTED BY", "STARTED", "CONFIRMED", "REASON");
        for (JsonNode r : items) {
            t.row(CliText.cell(r, "id"), CliText.lower(r, "level"), LockdownReports.scope(r.path("scope")), CliText.cell(r, "drill"),
                    CliText.cell(r, "startedBy"), CliText.cell(r, "startedAt"), LockdownReports.confirmed(r), CliText.cell(r, "reason"));
        }
        t.print(out());
        if (t.size() == 0) err().println("warden: no active lockdowns");
        return ExitCodes.OK;
    }
}
