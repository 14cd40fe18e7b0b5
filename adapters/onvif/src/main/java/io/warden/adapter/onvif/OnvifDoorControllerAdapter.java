package io.warden.adapter.onvif;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.AdapterOption;
import io.warden.adapter.api.AdapterOptions;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DeviceHealth.Reason;
import io.warden.adapter.api.DeviceHealth.Status;
import io.warden.adapter.api.DoorController;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.adapter.onvif.events.OnvifEventSubscription;
import io.warden.adapter.onvif.events.OnvifNotification;
import io.warden.adapter.onvif.soap.OnvifAccessPoint;
import io.warden.adapter.onvif.soap.OnvifDeviceOps;
import io.warden.adapter.onvif.soap.OnvifDoorInfo;
import io.warden.adapter.onvif.soap.OnvifDoorOps;
import io.warden.adapter.onvif.soap.OnvifHttp;
import io.warden.adapter.onvif.soap.OnvifNs;
import io.warden.adapter.onvif.soap.OnvifSoapClient;
import io.warden.adapter.onvif.soap.OnvifXml;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code type: onvif} under {@code controllers:}: one ONVIF Profile C door controller and the doors
 * configured on it, each named by its DoorToken ({@code point.token}).
 *
 * <p><b>Start</b> never fails for a device that does not answer: a loop on the adapter's own context
 * sets up (GetServices, the clock, GetDoorInfoList and GetAccessPointInfoList page by page, each
 * configured token checked, each door's state read, then the pull-point subscription filtered on
 * {@code tns1:Door//.|tns1:AccessControl//.}), retrying with back-off until it works, then checks the
 * device every health interval (GetSystemDateAndTime, which measures the clock, and GetDoorState of
 * each door, which refreshes what events may have missed). A configured token the device lacks leaves
 * that door offline (its commands fail with BAD_CONFIG naming the token and the device's tokens) and
 * the device's health says so (CONFIGURATION_ERROR); the other doors work.
 *
 * <p><b>Health</b>, one device per controller (device id = controller id): OFFLINE/COMMUNICATION_ERROR
 * after {@link Timings#offlineAfter} failed checks in a row (at once before the first success; after a
 * failed check the next follows within half a second, so a dead controller is offline within about one
 * interval and a few request timeouts), and while offline every door's commands fail at once with
 * DEVICE_OFFLINE; OFFLINE/CONFIGURATION_ERROR when the device refuses the credentials or has no door
 * control service; OFFLINE/EVENTS_LOST when the device answers (a check made when the subscription is
 * given up shows it) but its subscription cannot be re-established (commands still work then: the
 * device answers, and a lockdown must not wait for events). Each change to or from OFFLINE is a
 * DeviceOffline / DeviceOnline event with the reason. The clock offset and its warning come from
 * {@link OnvifClockWatch}.
 *
 * <p>After a re-subscribe every door's state is read again, so a change made while unsubscribed is
 * reported once; the state only emits what changed, so nothing is reported twice.
 */
public final class OnvifDoorControllerAdapter implements DeviceAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(OnvifDoorControllerAdapter.class);
    static final String TOPICS = "tns1:Door//.|tns1:AccessControl//.";

    /** {@code doors[].point} of a door on an ONVIF controller. */
    public static final AdapterOptions POINT = AdapterOptions.of(
            AdapterOption.text("token", "the door's DoorToken on the controller (GetDoorInfoList)").required());

    /**
     * How often the adapter checks the device, how many failed checks make it offline, and the event
     * subscription's timings. The config gives {@link #of}; tests and benchmarks may use shorter ones
     * than the options allow.
     */
    public record Timings(Duration healthInterval, int offlineAfter, OnvifEventSubscription.Options events) {
        public static Timings of(OnvifControllerOptions o) {
            return new Timings(o.healthInterval(), 2, OnvifEventSubscription.Options.defaults(TOPICS));
        }
    }

    private final String id;
    private final AdapterContext ctx;
    private final OnvifControllerOptions options;
    private final Timings timings;
    private final WebClient client;
    private final OnvifSoapClient soap;
    private final OnvifDeviceOps device;
    private final OnvifClockWatch clock;
    private final List<OnvifDoor> doors = new ArrayList<>();
    private final Map<String, List<OnvifDoor>> byToken = new HashMap<>();

    private volatile Context context;
    private volatile OnvifDoorOps ops;
    private volatile boolean reachable;
    private volatile DeviceHealth health;
    // on the adapter's context
    private final Map<String, String> doorOfAccessPoint = new HashMap<>();
    private final Set<String> unknownAccessPoints = new HashSet<>();
    private boolean running;
    private boolean setUp;
    private int failures;
    /** Credential refusals in a row: each doubles the wait before the next try, up to {@link #REFUSED_MAX}. */
    private int refusals;
    private Duration retry;
    private long timer = -1;
    private Reason downReason = Reason.STARTING;
    private String downDetail = "not checked yet";
    private String eventsLost;
    private String configProblem;
    private boolean noDoorFound;
    private String lastWarning;
    private OnvifEventSubscription subscription;

    /** The longest wait between tries while the controller refuses the credentials. */
    static final Duration REFUSED_MAX = Duration.ofMinutes(15);

    OnvifDoorControllerAdapter(AdapterSpec spec, AdapterContext ctx) {
        this(spec, ctx, null);
    }

    /** @param timings null for what the options say */
    public OnvifDoorControllerAdapter(AdapterSpec spec, AdapterContext ctx, Timings timings) {
        this.id = spec.id();
        this.ctx = ctx;
        this.options = OnvifControllerOptions.parse(spec, ctx);
        this.timings = timings != null ? timings : Timings.of(options);
        this.client = WebClient.create(ctx.vertx(), new WebClientOptions().setUserAgent("warden-onvif")
                .setConnectTimeout((int) options.requestTimeout().toMillis()).setKeepAlive(true).setTrustAll(false).setVerifyHost(true));
        this.soap = new OnvifSoapClient(ctx.vertx(), new OnvifHttp(ctx.vertx(), client, ctx.clock()), options.device().deviceService(),
                options.device().username(), options.device().password(),
                new OnvifSoapClient.Options(options.requestTimeout(), OnvifXml.DEFAULT_MAX_BYTES), ctx.linePermit(spec.id()));
        this.device = new OnvifDeviceOps(soap, options.preserveAddress());
        this.clock = new OnvifClockWatch(ctx, id, options.clockSkewLimit());
        for (int i = 0; i < spec.doors().size(); i++) {
            OnvifDoor d = new OnvifDoor(spec.doors().get(i), options.doorTokens().get(i), id, this, ctx);
            doors.add(d);
            byToken.computeIfAbsent(d.token(), t -> new ArrayList<>()).add(d);
        }
        this.retry = firstRetry();
        this.health = new DeviceHealth(Status.UNKNOWN, Reason.STARTING, "not checked yet", ctx.clock().instant());
    }

    @Override
    public String id() {
        return id;
    }

    // ---- what the doors use ----

    Context context() {
        return context;
    }

    OnvifDoorOps ops() {
        return ops;
    }

    boolean reachable() {
        return reachable;
    }

    Duration requestTimeout() {
        return options.requestTimeout();
    }

    /** Two requests and a margin: a command, its confirming read, and time to spare for a slow device. */
    Duration commandTimeout() {
        return options.requestTimeout().multipliedBy(2).plusSeconds(1);
    }

    // ---- lifecycle ----

    @Override
    public Future<Void> start() {
        context = ctx.vertx().getOrCreateContext();
        context.runOnContext(v -> {
            running = true;
            ctx.health(id, clock.decorate(health));
            tick();
        });
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> stop() {
        Context c = context;
        if (c == null) return Future.succeededFuture();
        io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
        c.runOnContext(v -> {
            running = false;
            if (timer != -1) ctx.vertx().cancelTimer(timer);
            timer = -1;
            reachable = false;
            doors.forEach(OnvifDoor::stop);
            Future<Void> unsubscribed = subscription == null ? Future.succeededFuture()
                    : subscription.stop(ctx.clock().instant().plus(options.requestTimeout())).otherwiseEmpty();
            unsubscribed.onComplete(ar -> {
                DeviceHealth h = new DeviceHealth(Status.OFFLINE, Reason.STOPPED, "adapter stopped", ctx.clock().instant());
                health = h;
                ctx.health(id, clock.decorate(h));
                client.close();
                done.complete();
            });
        });
        return done.future();
    }

    private void tick() {
        timer = -1;
        if (!running) return;
        Future<Void> f = setUp ? check() : setUp();
        f.onComplete(ar -> {
            if (!running) return;
            boolean refused = ar.failed() && WardenException.codeOf(ar.cause()) == ErrorCode.AUTHENTICATION_FAILED;
            if (ar.succeeded()) {
                failures = 0;
                refusals = 0;
                retry = firstRetry();
                setReachable(true);
            } else {
                failures++;
                judge(ar.cause());
            }
            report();
            Duration next = timings.healthInterval();
            if (refused) {
                // A wrong password tried every few seconds locks the account on many controllers: wait
                // one health interval, doubling with each refusal, up to REFUSED_MAX.
                refusals++;
                next = min(timings.healthInterval().multipliedBy(1L << Math.min(refusals - 1, 16)), REFUSED_MAX);
            } else if (!setUp) {
                next = retry;
                retry = min(retry.multipliedBy(2), timings.healthInterval());
            } else if (reachable && failures > 0) {
                next = firstRetry(); // a failed check is confirmed at once: offline within an interval, not two
            }
            timer = ctx.vertx().setTimer(Math.max(1, next.toMillis()), t -> tick());
        });
    }

    /** A check now, unless one is under way (its verdict is reported when it ends). */
    private void checkNow() {
        if (!running || timer == -1) return;
        ctx.vertx().cancelTimer(timer);
        tick();
    }

    private Duration firstRetry() {
        return min(Duration.ofMillis(500), timings.healthInterval());
    }

    /** Everything the adapter needs to know about the device, in order; then the subscription. */
    private Future<Void> setUp() {
        Instant deadline = ctx.clock().instant().plus(options.requestTimeout().multipliedBy(4));
        return device.services(deadline)
                .compose(services -> {
                    ops = new OnvifDoorOps(soap, services); // UNSUPPORTED without a door control service
                    return soap.syncClock(deadline);
                })
                .compose(offset -> {
                    clock.measured(offset);
                    return ops.doors(deadline);
                })
                .compose(list -> ops.accessPoints(deadline).map(aps -> {
                    matchDoors(list, aps);
                    return null;
                }))
                .compose(v -> readAll(deadline))
                .map(v -> {
                    setUp = true;
                    if (options.events() && subscription == null) subscribe();
                    return null;
                });
    }

    /** Which configured tokens the device has, and which door each access point belongs to. */
    private void matchDoors(List<OnvifDoorInfo> onDevice, List<OnvifAccessPoint> aps) {
        Map<String, OnvifDoorInfo> infos = new LinkedHashMap<>();
        onDevice.forEach(i -> infos.put(i.token(), i));
        List<String> missing = new ArrayList<>();
        for (OnvifDoor d : doors) {
            OnvifDoorInfo i = infos.get(d.token());
            if (i != null) {
                d.found(i);
                continue;
            }
            String problem = "DoorToken '%s' (point.token) is not on the controller %s, which has %s".formatted(d.token(), id,
                    infos.isEmpty() ? "no doors" : String.join(", ", infos.keySet()));
            d.missing(problem);
            missing.add("door " + d.doorId() + ": " + problem);
        }
        if (!missing.isEmpty() && !String.join("; ", missing).equals(configProblem)) {
            LOG.warn("event=onvif_door_token_missing controller={} problem=\"{}\"", id, String.join("; ", missing));
        }
        configProblem = missing.isEmpty() ? null : String.join("; ", missing);
        noDoorFound = !doors.isEmpty() && missing.size() == doors.size();
        doorOfAccessPoint.clear();
        aps.forEach(ap -> doorOfAccessPoint.put(ap.token(), ap.entity()));
    }

    private Future<Void> readAll(Instant deadline) {
        List<Future<?>> reads = new ArrayList<>();
        for (OnvifDoor d : doors) if (d.found()) reads.add(d.read(deadline));
        return Future.all(reads).mapEmpty();
    }

    /**
     * The health check: the device's clock, then the doors' state. While events flow they are the news
     * (a reply racing them could be older than an event it overtook), so one door is read only to prove
     * the device answers; without them every door's state is read and applied.
     */
    private Future<Void> check() {
        Instant deadline = ctx.clock().instant().plus(options.requestTimeout().multipliedBy(2));
        return soap.syncClock(deadline).compose(offset -> {
            clock.measured(offset);
            if (subscription == null || !subscription.active()) return readAll(deadline);
            OnvifDoor any = doors.stream().filter(OnvifDoor::found).findFirst().orElse(null);
            return any == null ? ops.doors(deadline).<Void>mapEmpty() : ops.state(any.token(), deadline).<Void>mapEmpty();
        });
    }

    private void judge(Throwable t) {
        ErrorCode code = WardenException.codeOf(t);
        String msg = t.getMessage() == null ? t.toString() : t.getMessage();
        if (code == ErrorCode.AUTHENTICATION_FAILED) {
            down(Reason.CONFIGURATION_ERROR, "the controller refuses the credentials: " + msg);
        } else if (code == ErrorCode.UNSUPPORTED) {
            down(Reason.CONFIGURATION_ERROR, msg);
        } else if (!reachable || failures >= timings.offlineAfter()) {
            down(Reason.COMMUNICATION_ERROR, msg);
        } else {
            LOG.debug("event=onvif_controller_check_failed controller={} failures={} reason=\"{}\"", id, failures, msg);
        }
    }

    private void down(Reason reason, String detail) {
        downReason = reason;
        downDetail = detail;
        setReachable(false);
    }

    private void setReachable(boolean r) {
        if (reachable == r) return;
        reachable = r;
        doors.forEach(d -> d.online(r));
    }

    /** Health from what is known now; a change of status or reason (or the clock warning) is reported. */
    private void report() {
        Status status;
        Reason reason;
        String detail;
        if (!reachable) {
            status = Status.OFFLINE;
            reason = downReason;
            detail = downDetail;
        } else if (eventsLost != null && failures == 0) {
            status = Status.OFFLINE;
            reason = Reason.EVENTS_LOST;
            detail = "the controller answers but its event subscription cannot be re-established: " + eventsLost;
        } else if (configProblem != null) {
            status = noDoorFound ? Status.OFFLINE : Status.ONLINE;
            reason = Reason.CONFIGURATION_ERROR;
            detail = configProblem;
        } else {
            status = Status.ONLINE;
            reason = Reason.OK;
            detail = "answering; clock offset " + (clock.offset() == null ? "unknown" : clock.offset().toMillis() + " ms");
        }
        DeviceHealth old = health;
        DeviceHealth decorated = clock.decorate(old);
        boolean warningChanged = !java.util.Objects.equals(decorated.warning(), lastWarning);
        if (old.status() == status && old.reason() == reason && java.util.Objects.equals(old.detail(), detail) && !warningChanged) return;
        Instant at = ctx.clock().instant();
        boolean changed = old.status() != status || old.reason() != reason;
        DeviceHealth h = changed ? new DeviceHealth(status, reason, detail, at) : new DeviceHealth(status, reason, detail, old.since());
        health = h;
        DeviceHealth out = clock.decorate(h);
        lastWarning = out.warning();
        if (!changed && !warningChanged) return; // a new detail alone is not news
        LOG.info("event=onvif_controller_health controller={} status={} reason={} detail=\"{}\"", id, status, reason, detail);
        ctx.health(id, out);
        if (status == Status.OFFLINE && (old.status() != Status.OFFLINE || old.reason() != reason)) {
            ctx.emit(new DeviceEvent.DeviceOffline(id, null, at, reason + ": " + detail));
        } else if (status == Status.ONLINE && old.status() != Status.ONLINE) { // first contact too, as OSDP PDs and cameras
            ctx.emit(new DeviceEvent.DeviceOnline(id, null, at, detail));
        }
    }

    // ---- events ----

    private void subscribe() {
        subscription = new OnvifEventSubscription(ctx.vertx(), soap, this::eventsXaddr, timings.events(), new OnvifEventSubscription.Listener() {
            @Override
            public void messages(List<OnvifNotification> messages) {
                messages.forEach(OnvifDoorControllerAdapter.this::route);
            }

            @Override
            public void subscribed(boolean first) {
                eventsLost = null;
                report();
                if (!first && running) {
                    // a change made while unsubscribed: read it now (the state reports only what changed)
                    readAll(ctx.clock().instant().plus(options.requestTimeout().multipliedBy(2))).onFailure(t ->
                            LOG.debug("event=onvif_controller_reread_failed controller={} reason=\"{}\"", id, t.getMessage()));
                }
            }

            @Override
            public void lost(String reason) {
                // "answers but its events are lost" only once a check shows it answers: a dead controller loses both
                eventsLost = reason;
                checkNow();
            }
        }, options.preserveAddress());
        subscription.start();
    }

    private Future<URI> eventsXaddr(Instant deadline) {
        return device.services(deadline).compose(s -> s.get(OnvifNs.TEV).map(Future::succeededFuture)
                .orElseGet(() -> Future.failedFuture(new WardenException(ErrorCode.UNSUPPORTED, "the controller " + id + " lists no event service"))));
    }

    private void route(OnvifNotification n) {
        if (n.under("Door/State")) {
            String token = n.source().get("DoorToken");
            for (OnvifDoor d : byToken.getOrDefault(token == null ? "" : token.strip(), List.of())) if (d.found()) d.property(n);
        } else if (OnvifDoorEvents.isAccess(n)) {
            String ap = n.source().get("AccessPointToken");
            String door = ap == null ? null : doorOfAccessPoint.get(ap.strip());
            if (door == null) {
                if (unknownAccessPoints.add(String.valueOf(ap))) {
                    LOG.warn("event=onvif_unknown_access_point controller={} accessPoint={} topic={} action=dropped", id, ap, n.topic());
                }
                return;
            }
            for (OnvifDoor d : byToken.getOrDefault(door, List.of())) if (d.found()) d.access(n);
        }
    }

    // ---- the SPI ----

    @Override
    public Collection<DoorController> doors() {
        return List.copyOf(doors);
    }

    @Override
    public Map<String, List<String>> devices() {
        return Map.of(id, doors.stream().map(OnvifDoor::doorId).toList());
    }

    @Override
    public DeviceHealth health(String deviceId) {
        return id.equals(deviceId) ? clock.decorate(health) : null;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
