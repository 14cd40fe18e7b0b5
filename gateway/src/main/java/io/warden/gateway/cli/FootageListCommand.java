package io.warden.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code warden footage list}: every footage job, newest first. */
@Command(name = "list", header = "List footage jobs, newest first.")
public final class FootageListCommand extends FootageOperatorCommand {

    @Mixin
    JsonOption json;

    @Override
    protected int execute(WardenClient client) throws CliFailure {
        WardenClient.Reply reply = client.get("/footage", WardenClient.query());
        if (json.on) {
            printRaw(reply);
            return ExitCodes.OK;
        }
        TextTable t = new TextTable("ID", "STATUS", "PERCENT", "CAMERAS", "FROM", "TO", "REQUESTED BY", "CREATED", "REASON");
        for (JsonNode job : reply.json().path("items")) {
            int done = 0;
            for (JsonNode c : job.path("cameras")) if ("done".equals(FootageReports.status(c))) done++;
            String by = CliText.cell(job, "requestedBy") + (job.path("automatic").asBoolean(false) ? " (auto)" : "");
            t.row(CliText.cell(job, "id"), FootageReports.status(job), FootageReports.percent(job),
                    done + "/" + job.path("cameras").size() + " done", CliText.cell(job, "from"), CliText.cell(job, "to"), by,
                    CliText.cell(job, "createdAt"), CliText.cell(job, "reason"));
        }
        t.print(out());
        if (t.size() == 0) err().println("warden: no footage jobs");
        return ExitCodes.OK;
    }
}
