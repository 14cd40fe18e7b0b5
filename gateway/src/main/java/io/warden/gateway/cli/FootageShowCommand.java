package io.warden.gateway.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code warden footage show ID}: one job with every camera's progress or outcome. */
@Command(name = "show", header = "Show a footage job: every camera's progress, clips, gaps and failures.",
        description = "Exit code 8 when the job is finished and failed, was cancelled, or a camera failed.")
public final class FootageShowCommand extends FootageOperatorCommand {

    @Parameters(paramLabel = "ID", description = "The job's id.")
    String id;

    @Mixin
    JsonOption json;

    @Override
    protected int execute(WardenClient client) throws CliFailure {
        WardenClient.Reply reply = client.get(jobPath(id), WardenClient.query());
        if (json.on) printRaw(reply);
        else FootageReports.print(reply.json(), out());
        return FootageReports.incomplete(reply.json()) ? ExitCodes.INCOMPLETE : ExitCodes.OK;
    }
}
