package io.warden.adapter.onvif;

import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.Camera;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DeviceHealth.Reason;
import io.warden.adapter.api.DeviceHealth.Status;
import io.warden.adapter.api.DoorController;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.adapter.onvif.soap.OnvifHttp;
import io.warden.adapter.onvif.soap.OnvifJaxb;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ONVIF camera from the config's {@code cameras:}: no doors, one camera, one device (the
 * camera's id) whose health a loop measures every {@code healthIntervalSeconds} (first at once):
 * GetSystemDateAndTime (which also refreshes the clock offset) and GetDeviceInformation. Health
 * goes from ONLINE to OFFLINE only after two failed probes in a row (one blip does not flap the
 * dashboard); refused credentials show at once. Reasons: LINK_DOWN (refused, unreachable, dropped unanswered),
 * CONFIGURATION_ERROR (the camera refuses the credentials), COMMUNICATION_ERROR (timeouts,
 * garbage, refusals), OK.
 */
public final class OnvifCameraAdapter implements DeviceAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(OnvifCameraAdapter.class);

    private final String id;
    private final AdapterContext ctx;
    private final OnvifCameraOptions options;
    private final WebClient client;
    private final OnvifCamera camera;
    private volatile DeviceHealth health;
    private volatile boolean running;
    private long timer = -1;
    private int failures;

    public OnvifCameraAdapter(String id, AdapterContext ctx, OnvifCameraOptions options) {
        this.id = id;
        this.ctx = ctx;
        this.options = options;
        this.client = WebClient.create(ctx.vertx(), new WebClientOptions().setUserAgent("warden-onvif")
                .setConnectTimeout((int) options.requestTimeout().toMillis()).setKeepAlive(true)
                .setTrustAll(false).setVerifyHost(true));
        this.camera = new OnvifCamera(id, ctx.vertx(), ctx.clock(), new OnvifHttp(ctx.vertx(), client, ctx.clock()), options);
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
        camera.probe(ctx.clock().instant().plus(options.requestTimeout())).onComplete(ar -> {
            if (!running) return;
            if (ar.succeeded()) {
                failures = 0;
                report(Status.ONLINE, Reason.OK, "answering; clock offset "
                        + camera.clockOffset().map(d -> d.toMillis() + " ms").orElse("unknown"), false);
            } else {
                failures++;
                ErrorCode code = WardenException.codeOf(ar.cause());
                if (code == ErrorCode.AUTHENTICATION_FAILED) {
                    report(Status.OFFLINE, Reason.CONFIGURATION_ERROR, "the camera refuses the credentials", true);
                } else if (code == ErrorCode.DEVICE_OFFLINE || code == ErrorCode.CONNECTION_CLOSED) {
                    // refused, or accepted and dropped unanswered: either way the camera cannot be reached (Camera SPI)
                    report(Status.OFFLINE, Reason.LINK_DOWN, ar.cause().getMessage(), false);
                } else {
                    report(Status.OFFLINE, Reason.COMMUNICATION_ERROR, ar.cause().getMessage(), false);
                }
            }
            timer = ctx.vertx().setTimer(options.healthInterval().toMillis(), t -> probe());
        });
    }

    private void report(Status status, Reason reason, String detail, boolean immediate) {
        DeviceHealth old = health;
        if (status == Status.OFFLINE && old.status() == Status.ONLINE && failures < 2 && !immediate) return;
        if (old.status() == status && old.reason() == reason) return;
        DeviceHealth h = new DeviceHealth(status, reason, detail, ctx.clock().instant());
        health = h;
        LOG.info("event=camera.health camera={} status={} reason={}", id, status, reason);
        ctx.health(id, h);
    }

    @Override
    public Future<Void> stop() {
        running = false;
        if (timer >= 0) ctx.vertx().cancelTimer(timer);
        DeviceHealth h = new DeviceHealth(Status.OFFLINE, Reason.STOPPED, "adapter stopped", ctx.clock().instant());
        health = h;
        ctx.health(id, h);
        client.close();
        return Future.succeededFuture();
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
