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
        TextTable table = new TextTable("ID", "NAME", "SITE/ZONE", "LOCK", "CONTACT", "MODE", "ALARMS", "ONLINE", "LOCKDOWN");
        for (JsonNode d : reply.json().path("items")) {
            table.row(CliText.cell(d, "id"), CliText.cell(d, "name"), CliText.cell(d, "site") + "/" + CliText.cell(d, "zone"),
                    CliText.lower(d, "state.lock"), CliText.lower(d, "state.contact"), CliText.lower(d, "state.mode"),
                    alarms(d.path("state")), CliText.cell(d, "state.online"), CliText.cell(d, "state.lockdown"));
        }
        table.print(out());
        if (table.size() == 0) err().println("warden: no doors" + (site != null || zone != null ? " match" : ""));
        return ExitCodes.OK;
    }

    /**
     * What the door's controller reports wrong: its alarm ({@code forced_open}, {@code open_too_long}),
     * {@code tamper}, {@code fault}; "none" when it reports all clear, "-" when it reports none of these (OSDP).
     */
    static String alarms(JsonNode state) {
        java.util.List<String> on = new java.util.ArrayList<>();
        String alarm = CliText.textOrNull(state.get("alarm"));
        if (alarm != null && !alarm.equals("normal")) on.add(CliText.clean(alarm));
        if ("active".equals(CliText.textOrNull(state.get("tamper")))) on.add("tamper");
        if ("active".equals(CliText.textOrNull(state.get("fault")))) on.add("fault");
        if (!on.isEmpty()) return String.join(",", on);
        boolean reported = alarm != null || state.hasNonNull("tamper") || state.hasNonNull("fault");
        return reported ? "none" : CliText.NONE;
    }
}
