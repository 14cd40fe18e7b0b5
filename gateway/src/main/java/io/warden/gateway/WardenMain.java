package io.warden.gateway;

import io.warden.gateway.cli.AccessCommand;
import io.warden.gateway.cli.AuditCommand;
import io.warden.gateway.cli.CalendarCommand;
import io.warden.gateway.cli.CardCommand;
import io.warden.gateway.cli.CamerasCommand;
import io.warden.gateway.cli.DoorCommand;
import io.warden.gateway.cli.DevicesCommand;
import io.warden.gateway.cli.DoorsCommand;
import io.warden.gateway.cli.EvidenceCommand;
import io.warden.gateway.cli.ExitCodes;
import io.warden.gateway.cli.FootageCommand;
import io.warden.gateway.cli.LockCommand;
import io.warden.gateway.cli.LockdownCommand;
import io.warden.gateway.cli.NodesCommand;
import io.warden.gateway.cli.PeopleCommand;
import io.warden.gateway.cli.PersonCommand;
import io.warden.gateway.cli.PulseCommand;
import io.warden.gateway.cli.SnapshotCommand;
import io.warden.gateway.cli.UsageErrorHandler;
import io.warden.gateway.cli.UnlockCommand;
import io.warden.gateway.demo.DemoCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code warden} command line. Exit codes: {@link ExitCodes#MEANING}.
 */
@Command(name = "warden", mixinStandardHelpOptions = true, versionProvider = WardenMain.Version.class,
        description = "Warden physical-security gateway.",
        subcommands = {ServeCommand.class, DemoCommand.class, DoorsCommand.class, DoorCommand.class, LockCommand.class, UnlockCommand.class,
                PulseCommand.class, LockdownCommand.class, DevicesCommand.class, NodesCommand.class, AuditCommand.class, CamerasCommand.class,
                SnapshotCommand.class, FootageCommand.class, EvidenceCommand.class, PeopleCommand.class, PersonCommand.class,
                CardCommand.class, CalendarCommand.class, AccessCommand.class, CommandLine.HelpCommand.class})
public final class WardenMain implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with Warden's error handling: a failure is one line, not a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new WardenMain()).setExecutionExceptionHandler((e, c, parsed) -> {
            c.getErr().println(c.getCommandName() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }).setParameterExceptionHandler(new UsageErrorHandler());
        ExitCodes.describe(cmd);
        return cmd;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command, e.g. 'warden demo'");
    }

    /** The version from the jar's manifest (Implementation-Version), when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = WardenMain.class.getPackage().getImplementationVersion();
            return new String[] {"warden " + (v == null ? "(development build)" : v)};
        }
    }
}
