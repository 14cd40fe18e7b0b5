package io.warden.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code warden footage list [--limit N]}: the newest footage jobs (one page), newest first. */
@Command(name = "list", header = "List the newest footage jobs (one page), newest first.")
public final class FootageListCommand extends FootageOperatorCommand {

    @Option(names = "--limit", paramLabel = "N", description = "Jobs to show, 1 to 500; default: the gateway's (100).")
    Integer limit;

    @Mixin
    JsonOption json;

    static final String MORE = "warden: older jobs follow; a larger --limit (at most 500) shows more, or 'footage show ID' one job";

    @Override
    protected int execute(WardenClient client) throws CliFailure {
        if (limit != null && (limit < 1 || limit > 500)) throw usage("--limit must be from 1 to 500");
        Map<String, String> query = WardenClient.query();
        if (limit != null) query.put("limit", limit.toString());
        WardenClient.Reply reply = client.get("/footage", query);
        String next = CliText.textOrNull(reply.json().get("next"));
        if (json.on) {
            printRaw(reply);
            if (next != null) err().println(MORE);
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
        out().flush();
        if (t.size() == 0) err().println("warden: no footage jobs");
        if (next != null) err().println(MORE);
        return ExitCodes.OK;
    }
}
