package io.warden.gateway.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code warden footage cancel ID}: stop a queued or running job. */
@Command(name = "cancel", header = "Cancel a queued or running footage job (exit 4 when it is already finished).")
public final class FootageCancelCommand extends FootageOperatorCommand {

    @Parameters(paramLabel = "ID", description = "The job's id.")
    String id;

    @Mixin
    JsonOption json;

    @Override
    protected int execute(WardenClient client) throws CliFailure {
        WardenClient.Reply reply = client.delete(jobPath(id));
        if (json.on) printRaw(reply);
        else out().println("footage " + CliText.cell(reply.json(), "id") + "  " + FootageReports.status(reply.json()));
        out().flush();
        return ExitCodes.OK;
    }
}
