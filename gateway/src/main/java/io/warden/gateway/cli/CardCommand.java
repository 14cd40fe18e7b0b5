package io.warden.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code warden card assign|suspend|lost|activate}: give a card to a person, or change a card's status. */
@Command(name = "card", mixinStandardHelpOptions = true, header = "Assign a card to a person; suspend, report lost or reactivate a card.",
        subcommands = {CardCommand.Assign.class, CardCommand.Suspend.class, CardCommand.Lost.class, CardCommand.Activate.class})
public final class CardCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: assign, suspend, lost or activate");
    }

    /** "H10301:40:6789  s-100  active". */
    static void print(PrintWriter out, JsonNode card) {
        out.println(CliText.cell(card, "id") + "  " + CliText.cell(card, "person") + "  " + CliText.cell(card, "status"));
        out.flush();
    }

    @Command(name = "assign", header = "Give a card to a person, active.")
    public static final class Assign extends OperatorCommand {
        @Parameters(index = "0", paramLabel = "PERSON", description = "The person's id.")
        String person;

        @Parameters(index = "1", paramLabel = "CARD", description = "The card id, e.g. H10301:40:6789 (format:facility:number).")
        String card;

        @Override
        protected int execute(WardenClient client) throws CliFailure {
            ObjectNode body = client.object().put("card", card);
            print(out(), client.post("/people/" + WardenClient.seg(person) + "/cards", body).json());
            return ExitCodes.OK;
        }
    }

    /** Sets a card's status; each status is its own subcommand. */
    abstract static class SetStatus extends OperatorCommand {
        @Parameters(paramLabel = "CARD", description = "The card id, e.g. H10301:40:6789.")
        String card;

        abstract String status();

        @Override
        protected int execute(WardenClient client) throws CliFailure {
            ObjectNode body = client.object().put("status", status());
            print(out(), client.post("/cards/" + WardenClient.seg(card) + "/status", body).json());
            return ExitCodes.OK;
        }
    }

    @Command(name = "suspend", header = "Suspend a card: it opens nothing until activated.")
    public static final class Suspend extends SetStatus {
        @Override
        String status() {
            return "suspended";
        }
    }

    @Command(name = "lost", header = "Report a card lost: it opens nothing and its use is flagged in the audit trail.")
    public static final class Lost extends SetStatus {
        @Override
        String status() {
            return "lost";
        }
    }

    @Command(name = "activate", header = "Make a suspended or lost card active again.")
    public static final class Activate extends SetStatus {
        @Override
        String status() {
            return "active";
        }
    }
}
