package io.warden.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code warden lockdown start|list|show|release}. */
@Command(name = "lockdown", mixinStandardHelpOptions = true,
        header = "Start, list, show and release lockdowns (Standard Response Protocol: lockdown or secure).",
        subcommands = {LockdownStartCommand.class, LockdownListCommand.class, LockdownShowCommand.class,
                LockdownReleaseCommand.class})
public final class LockdownCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: start, list, show or release");
    }
}
