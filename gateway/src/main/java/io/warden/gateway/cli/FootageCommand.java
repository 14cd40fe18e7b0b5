package io.warden.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code warden footage request|list|show|cancel|download}. */
@Command(name = "footage", mixinStandardHelpOptions = true,
        header = "Request camera footage for doors or cameras over a time window, follow it, download the evidence package.",
        subcommands = {FootageRequestCommand.class, FootageListCommand.class, FootageShowCommand.class,
                FootageCancelCommand.class, FootageDownloadCommand.class})
public final class FootageCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: request, list, show, cancel or download");
    }
}
