package io.warden.sim.osdp;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command line for the OSDP PD simulator, e.g.
 * {@code --tcp 127.0.0.1:4001 --pd 1 --pd 2,scbk=000102030405060708090A0B0C0D0E0F --pd 3,install}.
 * Prints one {@code key=value} line per thing it does on standard output; runs until killed.
 */
@Command(name = "osdp-pd-sim", mixinStandardHelpOptions = true,
        description = "Simulated OSDP peripheral devices (door readers / IO modules) on one line.")
public final class OsdpPdSimulatorMain implements Callable<Integer> {

    @Option(names = "--tcp", paramLabel = "HOST:PORT", description = "Listen for a CP over TCP (raw OSDP frames).")
    String tcp;

    @Option(names = "--serial", paramLabel = "PATH", description = "Serial device or pty to answer on.")
    String serial;

    @Option(names = "--baud", defaultValue = "9600", description = "Serial rate, and pacing rate (default ${DEFAULT-VALUE}).")
    int baud;

    @Option(names = "--pace", description = "Send replies no faster than the baud rate allows (10 bits per byte).")
    boolean pace;

    @Option(names = "--pd", required = true, paramLabel = "ADDR[,scbk=HEX][,install][,secure]",
            description = "A PD on the line; repeat for more. install = accepts SCBK-D; secure = plaintext refused.")
    List<String> pds = new ArrayList<>();

    @Option(names = "--report-outputs", description = "PDs volunteer an OSTATR through POLL for each output change"
            + " (by default they only answer OSTAT, like many readers).")
    boolean reportOutputs;

    @Option(names = "--script", paramLabel = "FILE", description = "Door events to play on the first PD (see OsdpPdScript).")
    Path script;

    @Option(names = "--script-loop", description = "Play the script again and again.")
    boolean loop;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        int code = new CommandLine(new OsdpPdSimulatorMain()).execute(args);
        if (code != 0) System.exit(code);
    }

    @Override
    public Integer call() throws Exception {
        if (tcp == null && serial == null) throw new CommandLine.ParameterException(new CommandLine(this), "need --tcp and/or --serial");
        List<OsdpPdConfig> configs = new ArrayList<>();
        for (String spec : pds) configs.add(parsePd(spec));
        OsdpPdScript plan = script == null ? null : OsdpPdScript.parse(Files.readString(script));

        Vertx vertx = Vertx.vertx();
        OsdpPdSimulator.Options options = new OsdpPdSimulator.Options(pace, baud, OsdpPdSimulator.Options.DEFAULT.interCharTimeout());
        OsdpPdSimulator sim = OsdpPdSimulator.start(vertx, options, configs).await(10, TimeUnit.SECONDS);
        for (OsdpPdConfig c : configs) {
            sim.pd(c.address()).reportOutputChanges(reportOutputs);
            out.println("event=pd address=" + c.address() + " serial=" + c.serial() + " scbk=" + (c.scbk() == null ? "none" : "set")
                    + " install=" + c.installMode() + " secure=" + c.secureRequired() + " report_outputs=" + reportOutputs);
        }
        if (tcp != null) {
            int colon = tcp.lastIndexOf(':');
            if (colon < 0) throw new CommandLine.ParameterException(new CommandLine(this), "--tcp needs HOST:PORT");
            int port = sim.serveTcp(tcp.substring(0, colon), Integer.parseInt(tcp.substring(colon + 1))).await(10, TimeUnit.SECONDS);
            out.println("event=listen transport=tcp host=" + tcp.substring(0, colon) + " port=" + port);
        }
        if (serial != null) {
            sim.serveSerial(serial, baud).await(10, TimeUnit.SECONDS);
            out.println("event=listen transport=serial path=" + serial + " baud=" + baud + " pace=" + pace);
        }
        if (plan != null) {
            OsdpSimulatedPd first = sim.pd(configs.get(0).address());
            play(vertx, plan, first);
            out.println("event=script file=" + script + " steps=" + plan.steps().size() + " loop=" + loop);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("event=stopping");
            try {
                sim.close().await(5, TimeUnit.SECONDS);
                vertx.close().await(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                out.println("event=stop_failed error=\"" + e + "\"");
            }
            stopped.countDown();
        }, "osdp-pd-sim-shutdown"));
        out.println("event=ready pds=" + configs.size());
        stopped.await();
        return 0;
    }

    private void play(Vertx vertx, OsdpPdScript plan, OsdpSimulatedPd pd) {
        Future<Void> run = plan.run(vertx, pd);
        run.onComplete(ar -> {
            if (ar.failed()) out.println("event=script_failed error=\"" + ar.cause().getMessage() + "\"");
            else if (loop) play(vertx, plan, pd);
            else out.println("event=script_done");
        });
    }

    /**
     * Parses {@code ADDR[,scbk=HEX][,install][,secure]}.
     *
     * @throws IllegalArgumentException naming the bad part
     */
    static OsdpPdConfig parsePd(String spec) {
        String[] parts = spec.split(",");
        OsdpPdConfig c;
        try {
            c = OsdpPdConfig.defaults(Integer.decode(parts[0].strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--pd " + spec + ": address must be a number");
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            String key = p.contains("=") ? p.substring(0, p.indexOf('=')).toLowerCase(Locale.ROOT) : p.toLowerCase(Locale.ROOT);
            switch (key) {
                case "scbk" -> c = c.withScbk(OsdpPdConfig.parseKey(p.substring(p.indexOf('=') + 1)));
                case "install" -> c = c.withInstallMode(true);
                case "secure" -> c = c.withSecureRequired(true);
                default -> throw new IllegalArgumentException("--pd " + spec.replaceAll("scbk=[0-9A-Fa-f]+", "scbk=...")
                        + ": unknown option " + key);
            }
        }
        return c;
    }
}
