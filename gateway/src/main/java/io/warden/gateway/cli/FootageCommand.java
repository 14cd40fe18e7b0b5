package io.warden.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code warden footage request|list|show|cancel|download}. */
@Command(name = "footage", mixinStandardHelpOptions = true,
        header = "Request camera footage for doors or cameras over a time window, follow it, download the evidence package.",
        subcommands = {FootageRequestCommand.class, FootageListCommand.class, FootageShowCommand.class,
                FootageCancelCommand.class, FootageDownloadCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_USAGE, ExitCodes.HELP_NOT_ALLOWED,
                ExitCodes.HELP_REFUSED, ExitCodes.HELP_UNAVAILABLE, ExitCodes.HELP_NOT_FOUND, ExitCodes.HELP_OTHER,
                ExitCodes.HELP_INCOMPLETE})
public final class FootageCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: request, list, show, cancel or download");
    }
}
