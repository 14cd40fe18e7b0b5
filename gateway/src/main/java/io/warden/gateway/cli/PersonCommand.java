package io.warden.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code warden person ID}: one person with their cards; {@code warden person pin ID} sets their PIN. */
@Command(name = "person", header = "Show one person with their cards; set their PIN.", subcommands = {PersonPinCommand.class})
public final class PersonCommand extends OperatorCommand {

    // Optional to picocli only, so that 'person pin ID' does not read as a person missing its ID.
    @Parameters(paramLabel = "ID", arity = "0..1", description = "The person's id, as 'warden people' lists it.")
    String id;

    @Mixin
    JsonOption json;

    @Override
    protected int execute(WardenClient client) throws CliFailure {
        if (id == null) throw usage("missing the person's ID, e.g. 'warden person s-100'");
        WardenClient.Reply reply = client.get("/people/" + WardenClient.seg(id), WardenClient.query());
        if (json.on) {
            printRaw(reply);
            return ExitCodes.OK;
        }
        JsonNode p = reply.json();
        TextTable t = new TextTable("FIELD", "VALUE");
        t.row("id", CliText.cell(p, "id"));
        t.row("name", CliText.cell(p, "name"));
        t.row("kind", CliText.cell(p, "kind"));
        t.row("status", CliText.cell(p, "status"));
        t.row("schools", joined(p.path("schools"), null));
        t.row("SIS id", CliText.cell(p, "sisId"));
        t.row("valid", CliText.cell(p, "validFrom") + " .. " + CliText.cell(p, "validUntil"));
        t.row("lockdown entry", CliText.cell(p, "lockdownEntry"));
        t.row("PIN", CliText.textOrNull(p.get("pin")) == null ? CliText.NONE : p.path("pin").asBoolean() ? "set" : "none");
        t.row("source", CliText.cell(p, "source"));
        List<String> cards = new ArrayList<>();
        for (JsonNode c : p.path("cards")) cards.add(CliText.cell(c, "id") + " (" + CliText.cell(c, "status") + ")");
        t.row("cards", cards.isEmpty() ? CliText.NONE : String.join(", ", cards));
        t.print(out(), false);
        return ExitCodes.OK;
    }

    /** An array's values (or each element's {@code field}) joined by commas; "-" when empty. */
    static String joined(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : array) out.add(field == null ? CliText.value(v) : CliText.cell(v, field));
        return out.isEmpty() ? CliText.NONE : String.join(",", out);
    }
}
