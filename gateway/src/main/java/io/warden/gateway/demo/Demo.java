package io.warden.gateway.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.Gateway;
import io.warden.gateway.audit.AuditPage;
import io.warden.gateway.audit.AuditQuery;
import io.warden.gateway.config.AccessConfig;
import io.warden.gateway.config.GatewayConfig;
import io.warden.gateway.config.Secrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The whole demo in one process: the simulated devices of a config ({@link DemoDevices}: OSDP lines,
 * an ONVIF door controller, ONVIF cameras and an NVR), a real {@link Gateway} node talking to them over a
 * pseudo-terminal, TCP, HTTP and RTSP, the site's people, cards and calendar in its directory ({@link DemoPeople}, on the first
 * start), people at the doors ({@link DemoActivity}), and a compact live view of the audit trail
 * ({@link DemoLiveView}).
 *
 * <p>Start and stop from any thread; {@link #stop()} undoes whatever started, also after a failed start.
 */
public final class Demo {
    /**
     * Demo-only secrets for the config's {@code DEMO_PD_KEY_*} (OSDP keys) and {@code DEMO_CAM_PASSWORD},
     * {@code DEMO_NVR_PASSWORD}, {@code DEMO_CTL_PASSWORD} (the simulated cameras', NVR's and door controller's
     * logins) references, used when neither
     * the environment nor a secrets file defines them. Readable in this source file, so worthless on
     * a real site; never printed.
     */
    static final Map<String, String> DEMO_KEYS = Map.of(
            "DEMO_PD_KEY_B1", demoKey("WARDEN-DEMO-KEY1"),
            "DEMO_PD_KEY_B2", demoKey("WARDEN-DEMO-KEY2"),
            "DEMO_CAM_PASSWORD", "demo-camera-" + demoKey("CAM1").toLowerCase(java.util.Locale.ROOT),
            "DEMO_NVR_PASSWORD", "demo-nvr-" + demoKey("NVR1").toLowerCase(java.util.Locale.ROOT),
            "DEMO_CTL_PASSWORD", "demo-controller-" + demoKey("CTL1").toLowerCase(java.util.Locale.ROOT));

    private final Vertx vertx;
    private volatile DemoDevices devices;
    private volatile Gateway gateway;
    private volatile DemoLiveView view;
    private volatile String activity;
    private volatile List<String> people = List.of();
    private Future<Void> stopping;

    private Demo(Vertx vertx) {
        this.vertx = vertx;
    }

    /** As {@link #start(Vertx, GatewayConfig, Path, Path, Integer, Clock, Consumer)} with the people of {@code config/demo-site}. */
    public static Future<Demo> start(Vertx vertx, GatewayConfig config, Path baseDir, Integer port, Clock clock, Consumer<String> live) {
        return start(vertx, config, baseDir, baseDir.resolve("config").resolve("demo-site"), port, clock, live);
    }

    /**
     * Starts the devices, then the gateway, then the live view, the site's people (into an empty
     * directory) and the activity.
     *
     * @param baseDir what the config's relative paths were resolved against (the working directory)
     * @param site    the site's people and calendar ({@link DemoPeople}); nobody is loaded when it has no users.csv
     * @param port    the HTTP port instead of the configured one, or null; 0 for any free port
     * @param live    receives one formatted line per audit record, from this run's first on; called
     *                from the audit writer's thread, so it must not block
     * @return fails when a device, the gateway or its port cannot start (the message says which)
     */
    public static Future<Demo> start(Vertx vertx, GatewayConfig config, Path baseDir, Path site, Integer port, Clock clock,
                                     Consumer<String> live) {
        Demo demo = new Demo(vertx);
        Instant begun = clock.instant();
        Secrets secrets = config.secrets().withFallback(DEMO_KEYS);
        return DemoDevices.start(vertx, config, baseDir, secrets, clock)
                .compose(d -> {
                    demo.devices = d;
                    return Gateway.start(vertx, config, secrets, port, clock)
                            .recover(e -> Future.failedFuture(portTaken(e, config, port)));
                })
                .compose(g -> {
                    demo.gateway = g;
                    demo.view = new DemoLiveView(g.events(), g.access().directory()::current, live);
                    // What was written before the view subscribed: the start-up record, the first PDs online.
                    return g.audit().query(new AuditQuery(begun, null, null, null, null, null, null, null, null,
                            AuditQuery.MAX_LIMIT, 0)).map(AuditPage::items);
                })
                .compose(earlier -> {
                    demo.view.catchUp(earlier);
                    return DemoPeople.load(vertx, demo.gateway.access().directory(), site);
                })
                .compose(lines -> {
                    demo.people = List.copyOf(lines);
                    Gateway g = demo.gateway;
                    DemoActivity.Site people = new DemoActivity.Site(g.doors(), g.access().questions(), g.access().directory()::current,
                            pinDoors(config), clock);
                    return vertx.deployVerticle(new DemoActivity(people, demo.devices.doors(), new Random()));
                })
                .map(id -> {
                    demo.activity = id;
                    return demo;
                })
                .recover(e -> demo.stop().transform(x -> Future.failedFuture(e)));
    }

    public Gateway gateway() {
        return gateway;
    }

    public DemoDevices devices() {
        return devices;
    }

    /** What the start loaded into the directory (or found there), and the demo's PINs: for the banner. */
    public List<String> people() {
        return people;
    }

    /** The doors that ask for a PIN after the card (by id, or in a zone named). */
    private static Set<String> pinDoors(GatewayConfig config) {
        Set<String> out = new HashSet<>();
        for (AccessConfig.CardAndPin c : config.access().cardAndPin()) {
            out.addAll(c.doors());
            config.doors().stream().filter(d -> c.zones().contains(d.zone())).forEach(d -> out.add(d.id()));
        }
        return out;
    }

    /** Stops the activity, the live view, the gateway, then the devices. Idempotent; never fails. */
    public synchronized Future<Void> stop() {
        if (stopping == null) {
            Future<Void> f = activity == null ? Future.succeededFuture()
                    : vertx.undeploy(activity).recover(e -> Future.succeededFuture());
            stopping = f
                    .compose(v -> {
                        if (view != null) view.cancel();
                        return gateway == null ? Future.<Void>succeededFuture() : gateway.stop().recover(e -> Future.succeededFuture());
                    })
                    .compose(v -> devices == null ? Future.succeededFuture() : devices.stop());
        }
        return stopping;
    }

    /** A taken HTTP port, said so that people know what to do; any other failure as it is. */
    private static Throwable portTaken(Throwable e, GatewayConfig config, Integer port) {
        if (e.getMessage() == null || !e.getMessage().contains("Address already in use")) return e;
        return new WardenException(ErrorCode.BAD_CONFIG, ("the API cannot listen on %s:%d (address already in use): is another demo "
                + "or gateway running? --port N picks another port")
                .formatted(config.http().host(), port != null ? port : config.http().port()), e);
    }

    private static String demoKey(String sixteenChars) {
        return HexFormat.of().withUpperCase().formatHex(sixteenChars.getBytes(StandardCharsets.US_ASCII));
    }
}
