package io.warden.sim.onvif.door;

import io.vertx.core.Vertx;
import io.warden.sim.onvif.OnvifSimCommand;
import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Command line for the simulated ONVIF Profile C door controller, e.g. {@code --doors 4 --http-port 8082}. Prints one
 * {@code key=value} line per door; runs until killed.
 */
@Command(name = "onvif-door-sim", mixinStandardHelpOptions = true,
        description = "Simulated ONVIF Profile C door controller (device, door control, access control, events).")
public final class OnvifDoorControllerSimulatorMain implements Callable<Integer> {

    @Mixin
    OnvifSimCommand common;

    @Option(names = "--http-port", defaultValue = "8082", description = "SOAP port, 0 for any (default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--doors", defaultValue = "2", description = "Number of doors, Door_1..N (default ${DEFAULT-VALUE}).")
    int doors;

    @Option(names = "--page-size", defaultValue = "10", description = "Most items per list page (default ${DEFAULT-VALUE}).")
    int pageSize;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        int code = new CommandLine(new OnvifDoorControllerSimulatorMain()).execute(args);
        if (code != 0) System.exit(code);
    }

    @Override
    public Integer call() throws Exception {
        if (doors < 1 || doors > 64) throw new CommandLine.ParameterException(new CommandLine(this), "--doors takes 1..64");
        if (pageSize < 1) throw new CommandLine.ParameterException(new CommandLine(this), "--page-size must be >= 1");
        String password = common.password();
        OnvifDoorControllerSimulator.Config base = OnvifDoorControllerSimulator.Config.of(common.host, common.username, password, doors);
        OnvifDoorControllerSimulator.Config config = new OnvifDoorControllerSimulator.Config(common.host, httpPort, common.username, password,
                base.doors(), pageSize, Clock.systemUTC());
        Vertx vertx = Vertx.vertx();
        OnvifDoorControllerSimulator sim = new OnvifDoorControllerSimulator(vertx, config);
        sim.setClockOffset(common.clockSkew());
        return OnvifSimCommand.runUntilKilled(out, "onvif-door-sim", vertx, sim::start, sim::stop, () -> {
            out.println("event=device model=\"Simulated door controller\" device_service=" + sim.deviceServiceUri() + " username=" + common.username);
            for (OnvifDoorControllerSimulator.Door d : config.doors()) {
                out.println("event=door token=" + d.token() + " name=\"" + d.name() + "\" access_points=" + d.token() + "-in," + d.token() + "-out");
            }
        });
    }
}
