package io.warden.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code warden doors}: every door with its device-confirmed state. */
@Command(name = "doors", header = "List doors with their device-confirmed state.")
public final class DoorsCommand extends OperatorCommand {

    @Option(names = "--site", paramLabel = "SITE", description = "Only doors of this site.")
    String site;

    @Option(names = "--zone", paramLabel = "ZONE", description = "Only doors of this zone (building).")
    String zone;

    @Mixin
    JsonOption json;

    @Override
    protected int execute(WardenClient client) throws CliFailure {
        WardenClient.Reply reply = client.get("/doors", WardenClient.query("site", site, "zone", zone));
        if (json.on) {
            printRaw(reply);
            return ExitCodes.OK;
        }
        TextTable table = new TextTable("ID", "NAME", "SITE/ZONE", "LOCK", "CONTACT", "ONLINE", "LOCKDOWN");
        for (JsonNode d : reply.json().path("items")) {
            table.row(CliText.cell(d, "id"), CliText.cell(d, "name"), CliText.cell(d, "site") + "/" + CliText.cell(d, "zone"),
                    CliText.lower(d, "state.lock"), CliText.lower(d, "state.contact"), CliText.cell(d, "state.online"),
                    CliText.cell(d, "state.lockdown"));
        }
        table.print(out());
        if (table.size() == 0) err().println("warden: no doors" + (site != null || zone != null ? " match" : ""));
        return ExitCodes.OK;
    }
}
