package io.warden.sim.onvif;

import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Command line for the simulated ONVIF camera or NVR, e.g.
 * {@code --nvr 4 --host 127.0.0.1 --http-port 8081 --rtsp-port 8554 --minutes 90}. Its recordings started
 * {@code --minutes} ago and are still recording. Prints one {@code key=value} line per URI; runs until killed.
 */
@Command(name = "onvif-camera-sim", mixinStandardHelpOptions = true,
        description = "Simulated ONVIF camera or NVR (device, media, media2, search, recording, replay, events; snapshot; RTSP replay).")
public final class OnvifCameraSimulatorMain implements Callable<Integer> {

    @Mixin
    OnvifSimCommand common;

    @Option(names = "--http-port", defaultValue = "8081", description = "SOAP and snapshot port, 0 for any (default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--rtsp-port", defaultValue = "8554", description = "RTSP port, 0 for any (default ${DEFAULT-VALUE}).")
    int rtspPort;

    @Option(names = "--no-rtsp", description = "Run no RTSP server (URIs still name port 554).")
    boolean noRtsp;

    @Option(names = "--nvr", paramLabel = "SOURCES", description = "Act as an NVR with this many sources (default: a camera with one).")
    Integer nvrSources;

    @Option(names = "--minutes", defaultValue = "60", description = "Recordings started this many minutes ago (default ${DEFAULT-VALUE}).")
    long minutes;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        int code = new CommandLine(new OnvifCameraSimulatorMain()).execute(args);
        if (code != 0) System.exit(code);
    }

    @Override
    public Integer call() throws Exception {
        if (minutes < 0) throw new CommandLine.ParameterException(new CommandLine(this), "--minutes must be >= 0");
        if (nvrSources != null && (nvrSources < 1 || nvrSources > 64)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--nvr takes 1..64 sources");
        }
        String password = common.password();
        Instant start = Instant.now().minus(minutes, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        OnvifCameraSimulator.Config config = (nvrSources == null
                ? OnvifCameraSimulator.Config.camera(common.host, common.username, password, start)
                : OnvifCameraSimulator.Config.nvr(common.host, common.username, password, nvrSources, start))
                .withPorts(httpPort, noRtsp ? null : rtspPort);
        config.faults().clockSkew = common.clockSkew();

        Vertx vertx = Vertx.vertx();
        OnvifCameraSimulator sim = new OnvifCameraSimulator(vertx, config);
        return OnvifSimCommand.runUntilKilled(out, "onvif-camera-sim", vertx, sim::start, sim::stop, () -> {
            out.println("event=device model=\"" + config.device().model() + "\" device_service=" + sim.deviceServiceUri()
                    + " username=" + common.username + " rtsp=" + (noRtsp ? "off" : String.valueOf(sim.rtspPort())));
            for (OnvifCameraSimulator.Source s : config.sources()) {
                out.println("event=source token=" + s.token() + " profile=" + s.profileToken() + " live_uri=" + sim.liveUri(s.token())
                        + " snapshot_uri=" + sim.snapshotUri(s.profileToken()));
            }
            for (SimulatedRecording r : config.recordings()) {
                out.println("event=recording token=" + r.token() + " source=" + r.sourceToken() + " from=" + r.start()
                        + " replay_uri=" + sim.replayUri(r.token()));
            }
        });
    }
}
