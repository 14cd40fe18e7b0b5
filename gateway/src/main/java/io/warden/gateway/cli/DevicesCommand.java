package io.warden.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code warden devices}: every controller and device with its health; exit 5 when any is not online. */
@Command(name = "devices", header = "List controllers and devices with their health (exit 5 when any is not online).")
public final class DevicesCommand extends OperatorCommand {

    @Mixin
    JsonOption json;

    @Override
    protected int execute(WardenClient client) throws CliFailure {
        WardenClient.Reply reply = client.get("/devices", WardenClient.query());
        List<String> notOnline = new ArrayList<>();
        TextTable table = new TextTable("ID", "TYPE", "STATUS", "REASON", "SINCE", "DOORS", "CLOCK", "DETAIL");
        for (JsonNode d : reply.json().path("items")) {
            if (!"ONLINE".equals(d.path("status").asText())) notOnline.add(CliText.cell(d, "id") + " (" + CliText.lower(d, "reason") + ")");
            List<String> doors = new ArrayList<>();
            d.path("doors").forEach(door -> doors.add(CliText.value(door)));
            table.row(CliText.cell(d, "id"), CliText.cell(d, "type"), CliText.lower(d, "status"), CliText.lower(d, "reason"),
                    CliText.cell(d, "since"), doors.isEmpty() ? null : String.join(",", doors), CamerasCommand.offset(d.get("clockOffsetMs")),
                    CliText.textOrNull(d.get("warning")) == null ? CliText.cell(d, "detail")
                            : CliText.cell(d, "detail") + "; WARNING: " + CliText.cell(d, "warning"));
        }
        if (json.on) printRaw(reply);
        else table.print(out());
        if (table.size() == 0) err().println("warden: no controllers configured");
        if (notOnline.isEmpty()) return ExitCodes.OK;
        err().println("warden: " + notOnline.size() + " of " + table.size() + " not online: " + String.join(", ", notOnline));
        return ExitCodes.UNAVAILABLE;
    }
}
