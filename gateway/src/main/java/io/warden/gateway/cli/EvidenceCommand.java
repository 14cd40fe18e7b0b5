package io.warden.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code warden evidence ...}: evidence packages of footage, checked offline (no gateway needed). */
@Command(name = "evidence", mixinStandardHelpOptions = true,
        header = "Evidence packages of footage: 'evidence verify' checks one offline (sums, signature, manifest).",
        subcommands = {EvidenceVerifyCommand.class})
public final class EvidenceCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command, e.g. 'warden evidence verify package.zip'");
    }
}
