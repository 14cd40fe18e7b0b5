package io.warden.gateway.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code warden lockdown show ID}: one lockdown's report. */
@Command(name = "show", header = "Show a lockdown's report: every door in scope and its answer.",
        description = "Exit code 1 when any door in scope failed or is offline.")
public final class LockdownShowCommand extends OperatorCommand {

    @Parameters(paramLabel = "ID", description = "The lockdown's id.")
    String id;

    @Mixin
    JsonOption json;

    @Override
    protected int execute(WardenClient client) throws CliFailure {
        WardenClient.Reply reply = client.get("/lockdowns/" + WardenClient.seg(id), WardenClient.query());
        if (json.on) {
            printRaw(reply);
            return LockdownReports.allConfirmed(reply.json()) ? ExitCodes.OK : ExitCodes.FAILED;
        }
        return LockdownReports.print(reply.json(), out()) ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
