package io.warden.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * A command to one door whose answer is the device's: one line "door  command  result  latency  detail".
 * Exit 0 when the device confirmed; a device that refused or did not confirm in time answers with a
 * problem (exit 1, see {@link ExitCodes#forProblem}).
 */
abstract class DoorActionCommand extends OperatorCommand {

    @Parameters(paramLabel = "ID", description = "The door's id, as 'warden doors' lists it.")
    String id;

    @Mixin
    JsonOption json;

    /** The path segment after the door: lock, unlock or pulse. */
    protected abstract String action();

    /** The request body; checks its options first (a bad one is a usage error). */
    protected abstract ObjectNode body(ObjectNode empty);

    @Override
    protected int execute(WardenClient client) throws CliFailure {
        ObjectNode body = body(client.object());
        WardenClient.Reply reply = client.post("/doors/" + WardenClient.seg(id) + "/" + action(), body);
        JsonNode r = reply.json();
        if (json.on) {
            printRaw(reply);
        } else {
            new TextTable("DOOR", "COMMAND", "RESULT", "LATENCY", "DETAIL")
                    .row(CliText.cell(r, "door"), CliText.cell(r, "command"), CliText.cell(r, "result"),
                            CliText.millis(r, "latencyMs"), detail(r))
                    .print(out(), false);
        }
        return ExitCodes.OK;
    }

    private static String detail(JsonNode r) {
        return CliText.textOrNull(r.get("detail")) == null ? "" : CliText.cell(r, "detail");
    }
}
