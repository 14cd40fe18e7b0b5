package io.warden.adapter.onvif;

import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.Camera;
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
import io.warden.adapter.onvif.soap.OnvifHttp;
import io.warden.adapter.onvif.soap.OnvifJaxb;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ONVIF camera from the config's {@code cameras:}: no doors, one camera, one device (the
 * camera's id) whose health a loop measures every {@code healthIntervalSeconds} (first at once):
 * GetSystemDateAndTime (which also measures the clock offset, see {@link OnvifClockWatch}) and
 * GetDeviceInformation. Health goes from ONLINE to OFFLINE only after two failed probes in a row
 * (one blip does not flap the dashboard); refused credentials show at once. Reasons: LINK_DOWN
 * (refused, unreachable, dropped unanswered), CONFIGURATION_ERROR (the camera refuses the
 * credentials), COMMUNICATION_ERROR (timeouts, garbage, refusals), EVENTS_LOST (the camera answers
 * but its event subscription cannot be re-established), OK. Each change of status is also a
 * DeviceOnline / DeviceOffline event.
 *
 * <p>Clock: the watch follows the camera's own clock (its event times). A configured recorder's clock, which
 * stamps the footage, is measured at each probe too (the camera's {@link OnvifCamera#clockOffset()}) but raises
 * no ClockSkew event or warning here: the health device is the camera, and an NVR
 * serving many cameras would repeat one skew per camera. A device whose GetSystemDateAndTime carries neither
 * UTCDateTime nor LocalDateTime fails the probe (COMMUNICATION_ERROR naming the missing element).
 *
 * <p>Motion: with {@code events: true} and an event service advertised, a pull-point subscription
 * to the motion topics (see {@link OnvifCameraMotion}); a camera without one simply has no motion.
 */
public final class OnvifCameraAdapter implements DeviceAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(OnvifCameraAdapter.class);

    private final String id;
    private final AdapterContext ctx;
    private final OnvifCameraOptions options;
    private final OnvifEventSubscription.Options eventOptions;
    private final WebClient client;
    private final OnvifCamera camera;
    private final OnvifClockWatch clock;
    private final OnvifCameraMotion motion;
    private volatile DeviceHealth health;
    private volatile boolean running;
    private long timer = -1;
    private int failures;
    /** What the last probe found (before the events' verdict is folded in). */
    private Verdict probed = new Verdict(Status.UNKNOWN, Reason.STARTING, "not probed yet");
    /** Why the event subscription is lost, or null while it is fine (or there is none). */
    private String eventsLost;
    /** Null until the camera's services were read: then a subscription, or {@link #NO_EVENTS}. */
    private Object events;
    private static final Object NO_EVENTS = new Object();

    private record Verdict(Status status, Reason reason, String detail) {
    }

    public OnvifCameraAdapter(String id, AdapterContext ctx, OnvifCameraOptions options) {
        this(id, ctx, options, OnvifEventSubscription.Options.defaults(OnvifCameraMotion.TOPICS));
    }

    /** With the event subscription's timings (tests shorten them). */
    OnvifCameraAdapter(String id, AdapterContext ctx, OnvifCameraOptions options, OnvifEventSubscription.Options eventOptions) {
        this.id = id;
        this.ctx = ctx;
        this.options = options;
        this.eventOptions = eventOptions;
        this.client = WebClient.create(ctx.vertx(), new WebClientOptions().setUserAgent("warden-onvif")
                .setConnectTimeout((int) options.requestTimeout().toMillis()).setKeepAlive(true)
                .setTrustAll(false).setVerifyHost(true));
        this.camera = new OnvifCamera(id, ctx.vertx(), ctx.clock(), new OnvifHttp(ctx.vertx(), client, ctx.clock()), options);
        this.clock = new OnvifClockWatch(ctx, id, options.clockSkewLimit());
        this.motion = new OnvifCameraMotion(ctx, id);
        this.health = new DeviceHealth(Status.UNKNOWN, Reason.STARTING, "not probed yet", ctx.clock().instant());
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Future<Void> start() {
        running = true;
        ctx.health(id, health);
        ctx.vertx().runOnContext(v -> probe());
        ctx.vertx().executeBlocking(() -> {
            OnvifJaxb.warmUp();
            return null;
        }, false);
        return Future.succeededFuture();
    }

    private void probe() {
        if (!running) return;
        Instant deadline = ctx.clock().instant().plus(options.requestTimeout());
        camera.probe(deadline).onComplete(ar -> {
            if (!running) return;
            if (ar.succeeded()) {
                failures = 0;
                camera.cameraClockOffset().ifPresent(clock::measured);
                probed(Status.ONLINE, Reason.OK, "answering", false);
                if (options.events()) followEvents(deadline);
            } else {
                failures++;
                ErrorCode code = WardenException.codeOf(ar.cause());
                if (code == ErrorCode.AUTHENTICATION_FAILED) {
                    probed(Status.OFFLINE, Reason.CONFIGURATION_ERROR, "the camera refuses the credentials", true);
                } else if (code == ErrorCode.DEVICE_OFFLINE || code == ErrorCode.CONNECTION_CLOSED) {
                    // refused, or accepted and dropped unanswered: either way the camera cannot be reached (Camera SPI)
                    probed(Status.OFFLINE, Reason.LINK_DOWN, ar.cause().getMessage(), false);
                } else {
                    probed(Status.OFFLINE, Reason.COMMUNICATION_ERROR, ar.cause().getMessage(), false);
                }
            }
            timer = ctx.vertx().setTimer(options.healthInterval().toMillis(), t -> probe());
        });
    }

    /**
     * Subscribes to motion while this node may drive the camera ({@link AdapterContext#linePermit}: always on
     * one node; in a cluster only the node holding the camera's lease, so that a camera's limited subscriptions
     * are not spent once per node and each motion is recorded once), and lets go of the subscription when the
     * permit lapses. Checked at each probe, so a takeover starts the new node's subscription within one interval.
     */
    private void followEvents(Instant deadline) {
        boolean permitted = ctx.linePermit(id).mayDrive();
        if (events == null && permitted) {
            subscribe(deadline);
        } else if (!permitted && events instanceof OnvifEventSubscription s) {
            synchronized (this) {
                events = null;
                eventsLost = null;
            }
            s.stop(deadline).otherwiseEmpty();
            LOG.info("event=camera.events camera={} status=handed_over detail=\"another node holds the camera's events\"", id);
        }
    }

    /** Reads the advertised services once; subscribes when there is an event service. A failed read is tried at the next probe. */
    private void subscribe(Instant deadline) {
        events = NO_EVENTS; // until the lookup answers: no second lookup meanwhile
        camera.eventService(deadline).onComplete(ar -> {
            if (!running) return;
            if (ar.failed()) {
                events = null;
                LOG.info("event=camera.events camera={} status=lookup_failed error=\"{}\"", id, ar.cause().getMessage());
                return;
            }
            if (ar.result().isEmpty()) {
                LOG.info("event=camera.events camera={} status=none detail=\"no event service advertised: no motion events\"", id);
                return;
            }
            OnvifEventSubscription s = new OnvifEventSubscription(ctx.vertx(), camera.soap(), camera::eventServiceNow, eventOptions,
                    new OnvifEventSubscription.Listener() {
                        @Override
                        public void messages(List<OnvifNotification> messages) {
                            if (running) motion.messages(messages);
                        }

                        @Override
                        public void subscribed(boolean first) {
                            LOG.info("event=camera.events camera={} status=subscribed first={}", id, first);
                            eventsLost(null);
                        }

                        @Override
                        public void lost(String reason) {
                            LOG.warn("event=camera.events camera={} status=lost reason=\"{}\"", id, reason);
                            eventsLost(reason);
                        }
                    }, options.preserveAddress());
            synchronized (this) { // against a stop() meanwhile: it unsubscribes what it finds in `events`
                if (!running) return;
                events = s;
                s.start();
            }
        });
    }

    private synchronized void eventsLost(String reason) {
        if (!running) return;
        eventsLost = reason;
        publish(false);
    }

    private synchronized void probed(Status status, Reason reason, String detail, boolean immediate) {
        if (!running) return;
        Verdict v = new Verdict(status, reason, detail);
        // one failed probe after a good one is not enough for OFFLINE (the clock still refreshes)
        boolean blip = status == Status.OFFLINE && probed.status() == Status.ONLINE && failures < 2 && !immediate;
        if (!blip) probed = v;
        publish(blip);
    }

    /** The health from the probe, the subscription and the clock; reported when any of it changed. */
    private void publish(boolean keepStatus) {
        Verdict v = probed;
        if (v.status() == Status.ONLINE && eventsLost != null) {
            v = new Verdict(Status.OFFLINE, Reason.EVENTS_LOST, "the camera answers but its event subscription is lost ("
                    + eventsLost + "): no motion events; footage and snapshots may still work");
        }
        DeviceHealth old = health;
        DeviceHealth base = keepStatus || (old.status() == v.status() && old.reason() == v.reason()) ? old
                : new DeviceHealth(v.status(), v.reason(), v.detail(), ctx.clock().instant());
        DeviceHealth h = clock.decorate(base);
        if (h.equals(old)) return;
        health = h;
        ctx.health(id, h);
        if (old.status() != h.status() || old.reason() != h.reason()) {
            LOG.info("event=camera.health camera={} status={} reason={}", id, h.status(), h.reason());
        }
        if (old.status() != h.status()) {
            Instant now = ctx.clock().instant();
            if (h.status() == Status.ONLINE) ctx.emit(new DeviceEvent.DeviceOnline(id, null, now, h.detail()));
            if (h.status() == Status.OFFLINE) ctx.emit(new DeviceEvent.DeviceOffline(id, null, now, h.reason() + ": " + h.detail()));
        }
    }

    @Override
    public Future<Void> stop() {
        Object e;
        synchronized (this) { // no probe or subscription report after STOPPED
            running = false;
            e = events;
            health = clock.decorate(new DeviceHealth(Status.OFFLINE, Reason.STOPPED, "adapter stopped", ctx.clock().instant()));
            ctx.health(id, health);
        }
        if (timer >= 0) ctx.vertx().cancelTimer(timer);
        Future<Void> unsubscribed = e instanceof OnvifEventSubscription s
                ? s.stop(ctx.clock().instant().plus(options.requestTimeout())).otherwiseEmpty() : Future.succeededFuture();
        return unsubscribed.onComplete(x -> client.close());
    }

    @Override
    public Collection<DoorController> doors() {
        return List.of();
    }

    @Override
    public Collection<Camera> cameras() {
        return List.of(camera);
    }

    @Override
    public Map<String, List<String>> devices() {
        return Map.of(id, List.of());
    }

    @Override
    public DeviceHealth health(String deviceId) {
        return id.equals(deviceId) ? health : null;
    }

    /** The camera, typed (tests and the gateway's camera registry may want its options). */
    public OnvifCamera camera() {
        return camera;
    }
}
