package io.warden.gateway.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;

/** {@code warden lock ID}. */
@Command(name = "lock", header = "Lock a door and wait for the device to confirm it.")
public final class LockCommand extends DoorActionCommand {

    @Override
    protected String action() {
        return "lock";
    }

    @Override
    protected ObjectNode body(ObjectNode empty) {
        return empty;
    }
}
