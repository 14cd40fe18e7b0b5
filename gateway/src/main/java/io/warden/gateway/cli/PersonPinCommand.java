package io.warden.gateway.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code warden person pin ID}: sets a person's PIN, read from the terminal without echo (asked twice),
 * or from the first line of standard input when that is not a terminal. Never on the command line,
 * where it would stay in the shell's history; never printed.
 */
@Command(name = "pin", header = "Set (or --clear) a person's PIN: read without echo, or from standard input.")
public final class PersonPinCommand extends OperatorCommand {

    @Parameters(paramLabel = "ID", description = "The person's id.")
    String id;

    @Option(names = "--clear", description = "Remove the person's PIN instead.")
    boolean clear;

    @Override
    protected int execute(WardenClient client) throws CliFailure {
        String pin = clear ? null : readPin();
        if (pin != null && !pin.matches("[0-9]{4,8}")) throw usage("a PIN is 4 to 8 digits");
        ObjectNode body = client.object();
        if (pin == null) body.putNull("pin");
        else body.put("pin", pin);
        client.put("/people/" + WardenClient.seg(id) + "/pin", body);
        out().println((clear ? "PIN cleared for " : "PIN set for ") + CliText.clean(id));
        out().flush();
        return ExitCodes.OK;
    }

    private String readPin() throws CliFailure {
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("PIN for %s: ", CliText.clean(id));
            char[] again = console.readPassword("Again: ");
            try {
                if (first == null || again == null) throw new CliFailure(ExitCodes.USAGE, "no PIN given");
                if (!Arrays.equals(first, again)) throw new CliFailure(ExitCodes.USAGE, "the two PINs differ; nothing was changed");
                return new String(first);
            } finally {
                if (first != null) Arrays.fill(first, ' ');
                if (again != null) Arrays.fill(again, ' ');
            }
        }
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isBlank()) throw new CliFailure(ExitCodes.USAGE, "no PIN on standard input");
            return line.strip();
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.OTHER, "cannot read the PIN from standard input: " + e.getMessage());
        }
    }
}
