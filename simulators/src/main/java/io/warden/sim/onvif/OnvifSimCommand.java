package io.warden.sim.onvif;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * What the ONVIF simulators' command lines share: the address, credential and clock-skew options (a
 * picocli mixin) and running a simulator until the process is killed.
 */
public final class OnvifSimCommand {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind and advertise (default ${DEFAULT-VALUE}).")
    public String host;

    @Option(names = "--username", defaultValue = "admin", description = "User for WS-Security and Digest authentication (default ${DEFAULT-VALUE}).")
    public String username;

    @Option(names = "--password-env", defaultValue = "WARDEN_SIM_PASSWORD", paramLabel = "VAR",
            description = "Environment variable holding the password (default ${DEFAULT-VALUE}; unset: \"admin\").")
    String passwordEnv;

    @Option(names = "--clock-skew", defaultValue = "0", paramLabel = "SECONDS", description = "The device clock runs this far from the host's.")
    long clockSkewSeconds;

    /** The password from the variable {@code --password-env} names, "admin" if it is unset or empty. */
    public String password() {
        String password = System.getenv(passwordEnv);
        return password == null || password.isEmpty() ? "admin" : password;
    }

    public Duration clockSkew() {
        return Duration.ofSeconds(clockSkewSeconds);
    }

    /**
     * Starts a simulator on {@code vertx}, prints what {@code started} prints and {@code event=ready}, then
     * waits until the JVM shuts down, stopping the simulator then. Returns 1 (after printing
     * {@code event=start_failed}) if it does not start within 20 s.
     */
    public static int runUntilKilled(PrintStream out, String name, Vertx vertx, Supplier<Future<Void>> start, Supplier<Future<Void>> stop,
            Runnable started) throws Exception {
        try {
            start.get().await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            out.println("event=start_failed error=\"" + e.getMessage() + "\"");
            vertx.close().await(5, TimeUnit.SECONDS);
            return 1;
        }
        started.run();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("event=stopping");
            try {
                stop.get().await(5, TimeUnit.SECONDS);
                vertx.close().await(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                out.println("event=stop_failed error=\"" + e + "\"");
            }
            stopped.countDown();
        }, name + "-shutdown"));
        out.println("event=ready");
        stopped.await();
        return 0;
    }
}
