package io.warden.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code warden door ID}: one door, its live state and the cameras that see it. */
@Command(name = "door", header = "Show one door: configuration, live state, linked cameras.")
public final class DoorCommand extends OperatorCommand {

    @Parameters(paramLabel = "ID", description = "The door's id, as 'warden doors' lists it.")
    String id;

    @Mixin
    JsonOption json;

    @Override
    protected int execute(WardenClient client) throws CliFailure {
        WardenClient.Reply reply = client.get("/doors/" + WardenClient.seg(id), WardenClient.query());
        if (json.on) {
            printRaw(reply);
            return ExitCodes.OK;
        }
        JsonNode d = reply.json();
        TextTable t = new TextTable("FIELD", "VALUE");
        t.row("id", CliText.cell(d, "id"));
        t.row("name", CliText.cell(d, "name"));
        t.row("site/zone", CliText.cell(d, "site") + "/" + CliText.cell(d, "zone"));
        t.row("exterior", CliText.cell(d, "exterior"));
        t.row("controller", CliText.cell(d, "controller.id") + " (" + CliText.cell(d, "controller.type") + ")");
        t.row("lock", CliText.lower(d, "state.lock"));
        t.row("contact", CliText.lower(d, "state.contact"));
        t.row("online", CliText.cell(d, "state.online"));
        t.row("lockdown", CliText.cell(d, "state.lockdown"));
        if (CliText.textOrNull(CliText.at(d, "state.updatedAt")) != null) t.row("confirmed at", CliText.cell(d, "state.updatedAt"));
        t.row("cameras", cameras(d.path("cameras")));
        t.print(out(), false);
        return ExitCodes.OK;
    }

    /** Cameras as ids, or as objects with an id and maybe a name. */
    private static String cameras(JsonNode cams) {
        List<String> names = new ArrayList<>();
        for (JsonNode c : cams) {
            if (c.isObject()) {
                String name = CliText.textOrNull(c.get("name"));
                names.add(CliText.cell(c, "id") + (name == null ? "" : " (" + name + ")"));
            } else {
                names.add(CliText.value(c));
            }
        }
        return names.isEmpty() ? CliText.NONE : String.join(", ", names);
    }
}
