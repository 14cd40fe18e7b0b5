package io.warden.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code warden people [filters]}: the directory's people, every page; {@code warden people import}. */
@Command(name = "people", header = "List people of the directory with their cards; import a roster.",
        subcommands = {PeopleImportCommand.class})
public final class PeopleCommand extends OperatorCommand {

    @Option(names = "--kind", paramLabel = "KIND", description = "staff, student, visitor, contractor or first_responder.")
    String kind;

    @Option(names = "--school", paramLabel = "SCHOOL", description = "Only people of this school (its OneRoster org id).")
    String school;

    @Option(names = "--status", paramLabel = "STATUS", description = "active or suspended.")
    String status;

    @Option(names = "--search", paramLabel = "TEXT", description = "A part of the name or id, any case.")
    String search;

    @Mixin
    JsonOption json;

    @Override
    protected int execute(WardenClient client) throws CliFailure {
        Map<String, String> query = WardenClient.query("kind", kind, "school", school, "status", status, "q", search, "limit", "1000");
        JsonNode items = Pages.all(client, "/people", query);
        if (json.on) {
            out().println(Pages.asPage(client, items));
            out().flush();
            return ExitCodes.OK;
        }
        TextTable table = new TextTable("ID", "NAME", "KIND", "STATUS", "SCHOOLS", "PIN", "CARDS");
        for (JsonNode p : items) {
            table.row(CliText.cell(p, "id"), CliText.cell(p, "name"), CliText.cell(p, "kind"), CliText.cell(p, "status"),
                    PersonCommand.joined(p.path("schools"), null), CliText.cell(p, "pin"), PersonCommand.joined(p.path("cards"), "id"));
        }
        table.print(out());
        if (table.size() == 0) err().println("warden: no people" + (kind != null || school != null || status != null || search != null ? " match" : ""));
        return ExitCodes.OK;
    }
}
