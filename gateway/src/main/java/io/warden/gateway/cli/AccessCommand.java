package io.warden.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code warden access who|card|entries}: who can open a door, what a card opens, who went through a door. */
@Command(name = "access", mixinStandardHelpOptions = true, header = "Who can open a door, what a card opens, who went through a door.",
        subcommands = {AccessCommand.Who.class, AccessCommand.Card.class, AccessCommand.Entries.class})
public final class AccessCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: who, card or entries");
    }

    /** A time option as CliTimes reads it, sent as UTC RFC 3339; null when not given. */
    static String time(CommandSpec spec, String option, String text) {
        if (text == null) return null;
        try {
            return CliTimes.local().parse(option, text).toString();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    @Command(name = "who", header = "Who can open a door, now or --at a time.")
    public static final class Who extends OperatorCommand {
        @Parameters(paramLabel = "DOOR", description = "The door's id.")
        String door;

        @Option(names = "--at", paramLabel = "TIME", description = "When; default now. " + CliTimes.FORMATS)
        String at;

        @Mixin
        JsonOption json;

        @Override
        protected int execute(WardenClient client) throws CliFailure {
            WardenClient.Reply reply = client.get("/doors/" + WardenClient.seg(door) + "/access", WardenClient.query("at", time(spec, "--at", at)));
            if (json.on) {
                printRaw(reply);
                return ExitCodes.OK;
            }
            TextTable t = new TextTable("PERSON", "NAME", "KIND", "CARDS", "GROUP", "SCHEDULE");
            for (JsonNode p : reply.json().path("items")) {
                t.row(CliText.cell(p, "person"), CliText.cell(p, "name"), CliText.cell(p, "kind"), PersonCommand.joined(p.path("cards"), null),
                        CliText.cell(p, "group"), CliText.cell(p, "schedule"));
            }
            t.print(out());
            if (t.size() == 0) err().println("warden: nobody can open " + CliText.clean(door) + " at " + CliText.cell(reply.json(), "at"));
            return ExitCodes.OK;
        }
    }

    @Command(name = "card", header = "The doors a card can open, now or --at a time.")
    public static final class Card extends OperatorCommand {
        @Parameters(paramLabel = "CARD", description = "The card id, e.g. H10301:40:6789.")
        String card;

        @Option(names = "--at", paramLabel = "TIME", description = "When; default now. " + CliTimes.FORMATS)
        String at;

        @Mixin
        JsonOption json;

        @Override
        protected int execute(WardenClient client) throws CliFailure {
            WardenClient.Reply reply = client.get("/cards/" + WardenClient.seg(card) + "/access", WardenClient.query("at", time(spec, "--at", at)));
            if (json.on) {
                printRaw(reply);
                return ExitCodes.OK;
            }
            TextTable t = new TextTable("DOOR", "NAME", "GROUP", "SCHEDULE");
            for (JsonNode d : reply.json().path("items")) {
                t.row(CliText.cell(d, "door"), CliText.cell(d, "name"), CliText.cell(d, "group"), CliText.cell(d, "schedule"));
            }
            t.print(out());
            if (t.size() == 0) err().println("warden: " + CliText.clean(card) + " opens no door at " + CliText.cell(reply.json(), "at"));
            return ExitCodes.OK;
        }
    }

    @Command(name = "entries", header = "Who went through a door between two times (from the audit trail); --denied adds refusals.")
    public static final class Entries extends OperatorCommand {
        @Parameters(paramLabel = "DOOR", description = "The door's id.")
        String door;

        @Option(names = "--from", paramLabel = "TIME", required = true, description = "From; " + CliTimes.FORMATS)
        String from;

        @Option(names = "--to", paramLabel = "TIME", required = true, description = "To (exclusive).")
        String to;

        @Option(names = "--denied", description = "Also the refused cards.")
        boolean denied;

        @Mixin
        JsonOption json;

        @Override
        protected int execute(WardenClient client) throws CliFailure {
            String a = time(spec, "--from", from);
            String b = time(spec, "--to", to);
            if (!Instant.parse(b).isAfter(Instant.parse(a))) throw usage("--to (" + CliText.clean(to) + ") must be after --from");
            JsonNode items = Pages.all(client, "/doors/" + WardenClient.seg(door) + "/entries",
                    WardenClient.query("from", a, "to", b, "denied", denied ? "true" : null, "limit", "1000"));
            if (json.on) {
                out().println(Pages.asPage(client, items));
                out().flush();
                return ExitCodes.OK;
            }
            TextTable t = new TextTable("TIME", "RESULT", "NAME", "KIND", "PERSON", "CARD", "DETAIL");
            for (JsonNode e : items) {
                t.row(CliText.cell(e, "time"), CliText.cell(e, "result"), CliText.cell(e, "name"), CliText.cell(e, "kind"),
                        CliText.cell(e, "person"), CliText.cell(e, "card"), CliText.cell(e, "detail"));
            }
            t.print(out());
            if (t.size() == 0) err().println("warden: nobody went through " + CliText.clean(door) + " in that time");
            return ExitCodes.OK;
        }
    }
}
