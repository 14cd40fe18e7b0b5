package io.warden.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code warden calendar}: the school calendar's exceptions; {@code warden calendar import FILE}. */
@Command(name = "calendar", header = "Show the school calendar (holidays, breaks, early release); import it from iCalendar.",
        subcommands = {CalendarCommand.Import.class})
public final class CalendarCommand extends OperatorCommand {

    @Mixin
    JsonOption json;

    @Override
    protected int execute(WardenClient client) throws CliFailure {
        WardenClient.Reply reply = client.get("/calendar", WardenClient.query());
        if (json.on) {
            printRaw(reply);
            return ExitCodes.OK;
        }
        TextTable t = days(reply.json().path("items"));
        t.print(out());
        if (t.size() == 0) err().println("warden: the calendar has no exceptions");
        return ExitCodes.OK;
    }

    static TextTable days(JsonNode days) {
        TextTable t = new TextTable("DATE", "KIND", "NAME");
        for (JsonNode d : days) t.row(CliText.cell(d, "date"), CliText.cell(d, "kind"), CliText.cell(d, "name"));
        return t;
    }

    /** {@code warden calendar import FILE [--dry-run]}: replaces the calendar with a district's .ics file. */
    @Command(name = "import", header = "Replace the school calendar with the exceptions of an iCalendar (.ics) file.")
    public static final class Import extends OperatorCommand {
        @Parameters(paramLabel = "FILE", description = "The district's calendar, an .ics file.")
        Path file;

        @Option(names = "--dry-run", description = "Report what the file holds; change nothing.")
        boolean dryRun;

        @Mixin
        JsonOption json;

        @Override
        protected int execute(WardenClient client) throws CliFailure {
            byte[] ics;
            try {
                ics = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new CliFailure(ExitCodes.USAGE, "cannot read " + CliText.clean(file.toString()) + ": " + CliText.clean(String.valueOf(e.getMessage())));
            }
            WardenClient.Reply reply = client.upload("/calendar/import", WardenClient.query("dryRun", dryRun ? "true" : null), "text/calendar", ics);
            if (json.on) {
                printRaw(reply);
                return ExitCodes.OK;
            }
            JsonNode r = reply.json();
            out().println((r.path("applied").asBoolean() ? "Calendar replaced" : "Dry run, nothing changed") + ": " + r.path("days").size()
                    + " days, " + r.path("added").asInt() + " added, " + r.path("removed").asInt() + " removed");
            days(r.path("days")).print(out());
            for (JsonNode s : r.path("skipped")) out().println("skipped: " + CliText.value(s));
            out().flush();
            return ExitCodes.OK;
        }
    }
}
