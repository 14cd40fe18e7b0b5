package io.warden.gateway.demo;

import com.fazecast.jSerialComm.SerialPort;
import io.vertx.core.Vertx;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.Gateway;
import io.warden.gateway.config.ConfigLoader;
import io.warden.gateway.config.GatewayConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code warden demo}: the gateway and the simulated devices of {@code config/demo.yaml} in one
 * process ({@link Demo}). Prints the URL, the demo tokens and a few curl lines, then one line per
 * audit record until Ctrl-C or the end of {@code --duration}. Exit code 0 when it ran, 1 when it
 * could not start.
 *
 * <p>Threads: the main thread prints (the live view only queues lines, so neither the audit writer
 * nor an event loop ever waits for the terminal); Ctrl-C stops everything from a shutdown hook.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Run the gateway with a simulated school: 3 buildings, 14 doors, 2 OSDP lines, an ONVIF door controller, 5 cameras and an NVR.",
        description = "Starts the simulated OSDP devices the config describes (a serial line on a socat pseudo-terminal "
                + "pair and a TCP line on 127.0.0.1, one PD in an AES secure channel, one provisioned through install mode), "
                + "a simulated ONVIF Profile C door controller that decides at its own readers, "
                + "and the simulated ONVIF cameras and NVR (SOAP and RTSP on 127.0.0.1, an hour of recordings and still recording), "
                + "then the gateway with its HTTP API; on the first start it loads the site's people, cards and calendar "
                + "(demo-site/ beside the config) into the directory. Then people at the doors: cards granted and denied "
                + "(a lost card, a student where students may not go, card and PIN at the science wing, the east wing's "
                + "controller deciding itself, a drill lockdown of the whole site every 3 minutes), buzz-ins, exits, a door propped open now and then (when a camera sees it, its footage "
                + "is captured automatically). Prints the URL, the demo tokens and PINs and one line per audit record. Needs socat. "
                + "Run it from the repository root; data goes to ./data. Stop it with Ctrl-C.")
public final class DemoCommand implements Callable<Integer> {
    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
    private static final long START_TIMEOUT_S = 60;
    private static final long STOP_TIMEOUT_S = 15;

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "config/demo.yaml",
            description = "The demo's configuration (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--port", paramLabel = "N",
            description = "Serve the API on this port instead of the configured one (0: any free port).")
    Integer port;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "0",
            description = "Stop after this many seconds; 0 runs until Ctrl-C (default).")
    long durationSeconds;

    @Option(names = "--verbose", description = "Also show the gateway's, adapters' and simulators' own log lines (key=value).")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (durationSeconds < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--duration must be 0 or more");
        if (port != null && (port < 0 || port > 65_535)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port must be 0..65535");
        }
        // Before the first logger exists (slf4j-simple reads its settings once). Without --verbose the
        // live view is the demo's output: what goes wrong at a device shows there as an audit record.
        if (System.getProperty(LOG_LEVEL) == null) System.setProperty(LOG_LEVEL, verbose ? "info" : "error");
        if (!Files.isRegularFile(config)) {
            throw new WardenException(ErrorCode.BAD_CONFIG, "no config file " + config.toAbsolutePath().normalize()
                    + " (run the demo from the repository root, or pass --config FILE)");
        }
        Path base = Path.of("").toAbsolutePath();
        GatewayConfig cfg = ConfigLoader.load(config, Gateway.factories().keySet(), System.getenv(), base);

        PrintStream out = System.out;
        BlockingQueue<String> live = new LinkedBlockingQueue<>();
        Vertx vertx = Vertx.vertx();
        Demo demo;
        try {
            // The site's people and calendar beside its config: config/demo-site for config/demo.yaml.
            Path site = config.toAbsolutePath().normalize().resolveSibling("demo-site");
            if (site.startsWith(base)) site = base.relativize(site); // said as config/demo-site in the banner
            demo = Demo.start(vertx, cfg, base, site, port, Clock.systemUTC(), live::add).await(START_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close().await(STOP_TIMEOUT_S, TimeUnit.SECONDS);
            throw e;
        }
        DemoBanner.lines(cfg, demo.gateway().port(), demo.devices().describe(), demo.devices().describeCameras(), demo.people())
                .forEach(out::println);

        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            try {
                demo.stop().await(STOP_TIMEOUT_S, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("demo: stopping: " + e.getMessage());
            } finally {
                try {
                    vertx.close().await(STOP_TIMEOUT_S, TimeUnit.SECONDS);
                } catch (Exception e) {
                    System.err.println("demo: closing Vert.x: " + e.getMessage());
                }
                stopped.countDown();
            }
        };
        onShutdown(new Thread(() -> {
            if (!stopping.compareAndSet(false, true)) { // --duration ended it: wait until that stop is done
                awaitQuietly(stopped);
                return;
            }
            out.println("stopping");
            stop.run();
            out.println("stopped");
        }, "warden-demo-shutdown"), demo.devices().hasSerialLines());

        long deadline = durationSeconds == 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.SECONDS.toNanos(durationSeconds);
        while (!stopping.get() && System.nanoTime() < deadline) {
            String line = live.poll(200, TimeUnit.MILLISECONDS);
            if (line != null && !stopping.get()) out.println(line);
        }
        if (!stopping.compareAndSet(false, true)) { // Ctrl-C: the hook stops everything, then the JVM ends
            stopped.await();
            return 0;
        }
        out.println("demo: " + durationSeconds + " s are up, stopping");
        stop.run();
        out.println("stopped");
        return 0;
    }

    /**
     * Runs {@code hook} at JVM shutdown. With a serial line, through jSerialComm: it closes every port
     * in a shutdown hook of its own, which would otherwise run at the same time as ours and drop the
     * line under the gateway (device.offline records for a demo that is merely ending); the hooks
     * registered with it run, one by one, before it cleans up.
     */
    private static void onShutdown(Thread hook, boolean serialLines) {
        if (serialLines) SerialPort.addShutdownHook(hook);
        else Runtime.getRuntime().addShutdownHook(hook);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(2 * STOP_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
