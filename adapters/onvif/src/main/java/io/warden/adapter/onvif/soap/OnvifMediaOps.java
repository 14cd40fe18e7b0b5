package io.warden.adapter.onvif.soap;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * Media operations: profiles, stream URI, snapshot URI. Uses Media2 (tr2) when the device lists
 * it, else Media1 (trt). URIs come back with the preserve-address rewrite applied when asked for.
 * Non-blocking (JAXB work runs on a worker).
 */
public final class OnvifMediaOps {
    private final Vertx vertx;
    private final OnvifSoapClient soap;
    private final OnvifServiceMap services;
    private final boolean preserveAddress;

    public OnvifMediaOps(Vertx vertx, OnvifSoapClient soap, OnvifServiceMap services, boolean preserveAddress) {
        this.vertx = vertx;
        this.soap = soap;
        this.services = services;
        this.preserveAddress = preserveAddress;
    }

    private boolean media2() {
        return services.has(OnvifNs.TR2);
    }

    private URI xaddr() {
        return services.get(media2() ? OnvifNs.TR2 : OnvifNs.TRT)
                .orElseThrow(() -> new WardenException(ErrorCode.UNSUPPORTED, "the device lists no media service"));
    }

    private Future<org.w3c.dom.Element> call(String action, String body, Instant deadline) {
        URI x;
        try {
            x = xaddr();
        } catch (WardenException e) {
            return Future.failedFuture(e);
        }
        return soap.call(x, action, body, deadline);
    }

    public Future<List<OnvifProfile>> profiles(Instant deadline) {
        if (media2()) {
            return call(OnvifNs.TR2 + "/GetProfiles", "<tr2:GetProfiles xmlns:tr2=\"" + OnvifNs.TR2 + "\"/>", deadline)
                    .map(OnvifMediaParsers::profiles2);
        }
        return call(OnvifNs.TRT + "/GetProfiles", "<trt:GetProfiles xmlns:trt=\"" + OnvifNs.TRT + "\"/>", deadline)
                .compose(r -> vertx.executeBlocking(() -> OnvifMediaParsers.profiles1(r), false));
    }

    /** The profile to use: {@code wanted} if given (NOT_FOUND when the device lacks it), else the first H.264 one. */
    public static OnvifProfile choose(List<OnvifProfile> profiles, String wanted) {
        if (wanted != null && !wanted.isEmpty()) {
            return profiles.stream().filter(p -> p.token().equals(wanted)).findFirst()
                    .orElseThrow(() -> new WardenException(ErrorCode.NOT_FOUND, "the device has no media profile '" + wanted + "'"));
        }
        return profiles.stream().filter(OnvifProfile::h264).findFirst()
                .or(() -> profiles.stream().findFirst())
                .orElseThrow(() -> new WardenException(ErrorCode.NOT_FOUND, "the device has no media profile"));
    }

    /** RTSP stream URI (RTP over RTSP/TCP). */
    public Future<URI> streamUri(String profileToken, Instant deadline) {
        String t = OnvifWsSecurity.escape(profileToken);
        Future<URI> f = media2()
                ? call(OnvifNs.TR2 + "/GetStreamUri", "<tr2:GetStreamUri xmlns:tr2=\"" + OnvifNs.TR2
                        + "\"><tr2:Protocol>RTSP</tr2:Protocol><tr2:ProfileToken>" + t + "</tr2:ProfileToken></tr2:GetStreamUri>", deadline)
                    .map(r -> OnvifMediaParsers.mediaUri2(r, "GetStreamUri"))
                : call(OnvifNs.TRT + "/GetStreamUri", "<trt:GetStreamUri xmlns:trt=\"" + OnvifNs.TRT
                        + "\" xmlns:tt=\"" + OnvifNs.TT + "\"><trt:StreamSetup><tt:Stream>RTP-Unicast</tt:Stream><tt:Transport>"
                        + "<tt:Protocol>RTSP</tt:Protocol></tt:Transport></trt:StreamSetup><trt:ProfileToken>" + t
                        + "</trt:ProfileToken></trt:GetStreamUri>", deadline)
                    .map(r -> OnvifMediaParsers.mediaUri1(r, "GetStreamUri"));
        return f.map(this::preserve);
    }

    public Future<URI> snapshotUri(String profileToken, Instant deadline) {
        String t = OnvifWsSecurity.escape(profileToken);
        Future<URI> f = media2()
                ? call(OnvifNs.TR2 + "/GetSnapshotUri", "<tr2:GetSnapshotUri xmlns:tr2=\"" + OnvifNs.TR2
                        + "\"><tr2:ProfileToken>" + t + "</tr2:ProfileToken></tr2:GetSnapshotUri>", deadline)
                    .map(r -> OnvifMediaParsers.mediaUri2(r, "GetSnapshotUri"))
                : call(OnvifNs.TRT + "/GetSnapshotUri", "<trt:GetSnapshotUri xmlns:trt=\"" + OnvifNs.TRT
                        + "\"><trt:ProfileToken>" + t + "</trt:ProfileToken></trt:GetSnapshotUri>", deadline)
                    .map(r -> OnvifMediaParsers.mediaUri1(r, "GetSnapshotUri"));
        return f.map(this::preserve);
    }

    private URI preserve(URI u) {
        return preserveAddress ? OnvifAddress.rewrite(u, services.deviceService()) : u;
    }
}
