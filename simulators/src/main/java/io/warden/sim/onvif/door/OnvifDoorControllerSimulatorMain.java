package io.warden.sim.onvif.door;

import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command line for the simulated ONVIF Profile C door controller, e.g. {@code --doors 4 --http-port 8082}. Prints one
 * {@code key=value} line per door; runs until killed.
 */
@Command(name = "onvif-door-sim", mixinStandardHelpOptions = true,
        description = "Simulated ONVIF Profile C door controller (device, door control, access control, events).")
public final class OnvifDoorControllerSimulatorMain implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind and advertise (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--http-port", defaultValue = "8082", description = "SOAP port, 0 for any (default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--doors", defaultValue = "2", description = "Number of doors, Door_1..N (default ${DEFAULT-VALUE}).")
    int doors;

    @Option(names = "--page-size", defaultValue = "10", description = "Most items per list page (default ${DEFAULT-VALUE}).")
    int pageSize;

    @Option(names = "--username", defaultValue = "admin", description = "User for WS-Security and HTTP Digest (default ${DEFAULT-VALUE}).")
    String username;

    @Option(names = "--password-env", defaultValue = "WARDEN_SIM_PASSWORD", paramLabel = "VAR",
            description = "Environment variable holding the password (default ${DEFAULT-VALUE}; unset: \"admin\").")
    String passwordEnv;

    @Option(names = "--clock-skew", defaultValue = "0", paramLabel = "SECONDS", description = "The device clock runs this far from the host's.")
    long clockSkewSeconds;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        int code = new CommandLine(new OnvifDoorControllerSimulatorMain()).execute(args);
        if (code != 0) System.exit(code);
    }

    @Override
    public Integer call() throws Exception {
        if (doors < 1 || doors > 64) throw new CommandLine.ParameterException(new CommandLine(this), "--doors takes 1..64");
        if (pageSize < 1) throw new CommandLine.ParameterException(new CommandLine(this), "--page-size must be >= 1");
        String password = System.getenv(passwordEnv);
        if (password == null || password.isEmpty()) password = "admin";
        OnvifDoorControllerSimulator.Config base = OnvifDoorControllerSimulator.Config.of(host, username, password, doors);
        OnvifDoorControllerSimulator.Config config = new OnvifDoorControllerSimulator.Config(host, httpPort, username, password, base.doors(),
                pageSize, Clock.systemUTC());
        Vertx vertx = Vertx.vertx();
        OnvifDoorControllerSimulator sim = new OnvifDoorControllerSimulator(vertx, config);
        sim.setClockOffset(Duration.ofSeconds(clockSkewSeconds));
        try {
            sim.start().await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            out.println("event=start_failed error=\"" + e.getMessage() + "\"");
            vertx.close().await(5, TimeUnit.SECONDS);
            return 1;
        }
        out.println("event=device model=\"Simulated door controller\" device_service=" + sim.deviceServiceUri() + " username=" + username);
        for (OnvifDoorControllerSimulator.Door d : config.doors()) {
            out.println("event=door token=" + d.token() + " name=\"" + d.name() + "\" access_points=" + d.token() + "-in," + d.token() + "-out");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("event=stopping");
            try {
                sim.stop().await(5, TimeUnit.SECONDS);
                vertx.close().await(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                out.println("event=stop_failed error=\"" + e + "\"");
            }
            stopped.countDown();
        }, "onvif-door-sim-shutdown"));
        out.println("event=ready");
        stopped.await();
        return 0;
    }
}
