package io.warden.gateway.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code warden pulse ID [--seconds N]}: a momentary unlock ("buzz someone in"). */
@Command(name = "pulse", header = "Unlock a door for a few seconds (buzz someone in), as confirmed by the device.")
public final class PulseCommand extends DoorActionCommand {
    static final int MAX_SECONDS = 3600;

    @Option(names = "--seconds", paramLabel = "N", description = "How long; default: the door's configured pulse time.")
    Integer seconds;

    @Override
    protected String action() {
        return "pulse";
    }

    @Override
    protected ObjectNode body(ObjectNode empty) {
        if (seconds != null) {
            if (seconds < 1 || seconds > MAX_SECONDS) throw usage("--seconds must be 1.." + MAX_SECONDS);
            empty.put("seconds", seconds);
        }
        return empty;
    }
}
