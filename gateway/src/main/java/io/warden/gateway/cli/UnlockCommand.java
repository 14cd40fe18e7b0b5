package io.warden.gateway.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code warden unlock ID [--until TIME | --for DURATION]}: unlock, until further notice or until a time. */
@Command(name = "unlock", header = "Unlock a door, until further notice or until a time, as confirmed by the device.")
public final class UnlockCommand extends DoorActionCommand {
    @ArgGroup(exclusive = true)
    Until until;

    static final class Until {
        @Option(names = "--until", paramLabel = "TIME",
                description = "When to relock: " + CliTimes.FORMATS + ".")
        String at;

        @Option(names = "--for", paramLabel = "DURATION", description = "How long from now: " + CliTimes.DURATIONS + ".")
        String duration;
    }

    @Override
    protected String action() {
        return "unlock";
    }

    @Override
    protected ObjectNode body(ObjectNode empty) {
        if (until == null) return empty;
        CliTimes times = CliTimes.local();
        Instant now = times.now();
        Instant end;
        try {
            end = until.at != null ? times.parse("--until", until.at) : now.plus(CliTimes.duration("--for", until.duration));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (!end.isAfter(now)) throw usage("--until: " + times.show(end) + " is in the past");
        empty.put("until", end.truncatedTo(ChronoUnit.SECONDS).toString());
        return empty;
    }
}
