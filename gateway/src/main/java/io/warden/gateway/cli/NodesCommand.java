package io.warden.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code warden nodes}: the cluster's members, then every controller with the node holding it; exit 5 when a
 * controller has no owner (its doors are offline) or the leases could not be read.
 */
@Command(name = "nodes", header = "List the cluster's nodes and which node drives each controller (exit 5 when one has no owner).")
public final class NodesCommand extends OperatorCommand {

    @Mixin
    JsonOption json;

    @Override
    protected int execute(WardenClient client) throws CliFailure {
        WardenClient.Reply reply = client.get("/nodes", WardenClient.query());
        JsonNode view = reply.json();
        String self = CliText.cell(view, "node");
        TextTable members = new TextTable("NODE", "ADDRESS", "SELF");
        for (JsonNode m : view.path("members")) members.row(CliText.cell(m, "node"), CliText.cell(m, "address"), m.path("self").asBoolean() ? "*" : "");
        TextTable controllers = new TextTable("CONTROLLER", "TYPE", "RUNS ON", "OWNER", "TOKEN", "EXPIRES");
        List<String> unowned = new ArrayList<>();
        for (JsonNode c : view.path("controllers")) {
            String runsOn = c.hasNonNull("node") ? CliText.cell(c, "node") : runsOn(c.path("nodes"));
            if (CliText.textOrNull(c.get("owner")) == null) unowned.add(CliText.cell(c, "id"));
            controllers.row(CliText.cell(c, "id"), CliText.cell(c, "type"), runsOn, CliText.cell(c, "owner"), CliText.cell(c, "token"),
                    CliText.cell(c, "expiresAt"));
        }
        if (json.on) {
            printRaw(reply);
        } else {
            out().println("node " + self);
            members.print(out());
            out().println();
            controllers.print(out());
        }
        String leasesError = CliText.textOrNull(view.get("leasesError"));
        if (leasesError != null) {
            err().println("warden: " + CliText.clean(leasesError));
            return ExitCodes.UNAVAILABLE;
        }
        if (controllers.size() == 0) err().println("warden: no controllers configured");
        if (unowned.isEmpty()) return ExitCodes.OK;
        err().println("warden: " + unowned.size() + " of " + controllers.size() + " controllers held by no node: " + String.join(", ", unowned));
        return ExitCodes.UNAVAILABLE;
    }

    private static String runsOn(JsonNode nodes) {
        List<String> ids = new ArrayList<>();
        nodes.forEach(n -> ids.add(CliText.value(n)));
        return ids.isEmpty() ? "any" : String.join(",", ids);
    }
}
