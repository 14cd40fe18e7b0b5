package io.warden.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code warden cameras}: every camera with its health, clock offset and doors; exit 5 when any is not online. */
@Command(name = "cameras", header = "List cameras with their health, clock offset and linked doors (exit 5 when any is not online).")
public final class CamerasCommand extends OperatorCommand {

    @Mixin
    JsonOption json;

    @Override
    protected int execute(WardenClient client) throws CliFailure {
        WardenClient.Reply reply = client.get("/cameras", WardenClient.query());
        List<String> notOnline = new ArrayList<>();
        TextTable table = new TextTable("ID", "NAME", "SITE/ZONE", "HEALTH", "CLOCK", "DOORS", "DETAIL");
        for (JsonNode c : reply.json().path("items")) {
            JsonNode h = c.path("health");
            String status = CliText.lower(h, "status");
            String health = CliText.textOrNull(h.get("reason")) == null ? status : status + " (" + CliText.lower(h, "reason") + ")";
            if (!"online".equals(status)) notOnline.add(CliText.cell(c, "id") + " (" + health + ")");
            List<String> doors = new ArrayList<>();
            c.path("doors").forEach(d -> doors.add(CliText.value(d)));
            table.row(CliText.cell(c, "id"), CliText.cell(c, "name"), CliText.cell(c, "site") + "/" + CliText.cell(c, "zone"), health,
                    offset(c.get("clockOffsetMs")), doors.isEmpty() ? null : String.join(",", doors),
                    CliText.textOrNull(h.get("warning")) == null ? CliText.cell(h, "detail")
                            : CliText.cell(h, "detail") + "; WARNING: " + CliText.cell(h, "warning"));
        }
        if (json.on) printRaw(reply);
        else table.print(out());
        if (table.size() == 0) err().println("warden: no cameras configured");
        if (notOnline.isEmpty()) return ExitCodes.OK;
        err().println("warden: " + notOnline.size() + " of " + table.size() + " not online: " + String.join(", ", notOnline));
        return ExitCodes.UNAVAILABLE;
    }

    /** A device's clock minus the gateway's: "+120 ms", "-3.5 s"; "-" when unknown. */
    static String offset(JsonNode ms) {
        if (ms == null || !ms.isNumber()) return CliText.NONE;
        long v = ms.asLong();
        String sign = v > 0 ? "+" : v < 0 ? "-" : "";
        long a = Math.abs(v);
        return a < 10_000 ? sign + a + " ms" : sign + String.format(Locale.ROOT, "%.1f s", a / 1000.0);
    }
}
