package io.warden.gateway.demo;

import io.vertx.core.Vertx;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code warden demo}: runs the {@link DemoSite} and prints its session until Ctrl-C or the end of
 * {@code --duration}. Exit code 0 when it ran, 1 when it could not start or the PDs did not come online.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Run a simulated site and a control-panel session that prints what it does.",
        description = "Two simulated OSDP lines (a pseudo-terminal pair opened as a serial port, and TCP on 127.0.0.1) "
                + "with four doors, one PD in an AES secure channel and one provisioned through install mode. The control "
                + "panel brings the PDs online, buzzes doors, locks and unlocks them, and prints every confirmed command "
                + "and every event. Needs socat. Stop it with Ctrl-C.")
public final class DemoCommand implements Callable<Integer> {
    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
    private static final long STOP_TIMEOUT_S = 10;

    @Spec
    CommandSpec spec;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "0",
            description = "Stop after this many seconds; 0 runs until Ctrl-C (default).")
    long durationSeconds;

    @Option(names = "--tcp-port", paramLabel = "PORT", defaultValue = "0",
            description = "TCP port of the simulated line on 127.0.0.1; 0 picks a free one (default).")
    int tcpPort;

    @Option(names = "--verbose", description = "Also show the adapter's and simulator's own log lines (key=value).")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (durationSeconds < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--duration must be 0 or more");
        if (tcpPort < 0 || tcpPort > 65_535) throw new CommandLine.ParameterException(spec.commandLine(), "--tcp-port must be 0..65535");
        // Before the first logger exists: slf4j-simple reads its settings once.
        if (System.getProperty(LOG_LEVEL) == null) System.setProperty(LOG_LEVEL, verbose ? "info" : "warn");

        PrintStream out = System.out;
        PrintStream err = System.err;
        Vertx vertx = Vertx.vertx();
        CompletableFuture<DemoSite> started = new CompletableFuture<>();
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable stop = () -> {
            if (!stopped.compareAndSet(false, true)) return;
            try {
                DemoSite site = started.getNow(null);
                if (site != null) site.stop().await(STOP_TIMEOUT_S, TimeUnit.SECONDS);
            } catch (Exception e) {
                err.println("demo: stopping: " + e.getMessage());
            } finally {
                try {
                    vertx.close().await(STOP_TIMEOUT_S, TimeUnit.SECONDS);
                } catch (Exception e) {
                    err.println("demo: closing Vert.x: " + e.getMessage());
                }
            }
        };
        Thread hook = new Thread(() -> {
            out.println("stopping (Ctrl-C)");
            // Ctrl-C also ends socat, and jSerialComm closes its ports in a hook of its own, so line A
            // drops under us: its warnings (slf4j-simple writes to System.err) are expected, not news.
            if (!verbose) System.setErr(new PrintStream(OutputStream.nullOutputStream()));
            stop.run();
            out.println("stopped");
        }, "warden-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            DemoSite site = DemoSite.start(vertx, tcpPort, out::println).await(DemoSite.START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            started.complete(site);
            CompletableFuture<Void> failed = new CompletableFuture<>();
            site.online().onFailure(failed::completeExceptionally);
            try {
                if (durationSeconds == 0) failed.get();
                else failed.get(durationSeconds, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                out.println("demo: " + durationSeconds + " s are up, stopping");
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception ex ? ex : e;
            }
            stop.run();
            out.println("stopped");
            return 0;
        } finally {
            stop.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C came first: the hook is running and finishes the job.
            }
        }
    }
}
