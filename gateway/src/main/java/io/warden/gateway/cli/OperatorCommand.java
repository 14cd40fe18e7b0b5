package io.warden.gateway.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * An operator command: one or a few blocking calls to the gateway's API. Failures end as one line,
 * "warden: detail (code)", on standard error and an exit code from {@link ExitCodes}.
 */
@Command(mixinStandardHelpOptions = true)
abstract class OperatorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Override
    public final Integer call() {
        try {
            return execute(api.client());
        } catch (CliFailure f) {
            err().println("warden: " + f.getMessage());
            return f.exitCode();
        }
    }

    /** Runs the command; returns {@link ExitCodes#OK} or {@link ExitCodes#FAILED}, throws for the rest. */
    protected abstract int execute(WardenClient client) throws CliFailure;

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    protected CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** Prints the gateway's answer as it came, for {@code --json}. */
    protected void printRaw(WardenClient.Reply reply) {
        out().println(reply.body().strip());
        out().flush();
    }
}
