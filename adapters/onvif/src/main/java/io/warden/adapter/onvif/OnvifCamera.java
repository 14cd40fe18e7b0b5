package io.warden.adapter.onvif;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.warden.adapter.api.Camera;
import io.warden.adapter.api.CameraInfo;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.RecordingSpan;
import io.warden.adapter.api.ReplayEnd;
import io.warden.adapter.api.ReplaySink;
import io.warden.adapter.api.WardenException;
import io.warden.adapter.onvif.rtsp.OnvifReplayClient;
import io.warden.adapter.onvif.soap.OnvifHttp;
import io.warden.adapter.onvif.soap.OnvifMediaOps;
import io.warden.adapter.onvif.soap.OnvifNs;
import io.warden.adapter.onvif.soap.OnvifRecording;
import io.warden.adapter.onvif.soap.OnvifSnapshotFetcher;
import io.warden.adapter.onvif.soap.OnvifSoapClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * An ONVIF camera (Profile S for snapshots and identity, Profile G for footage on the camera's edge
 * storage or on the recorder named in its options). Thread-safe, non-blocking; see {@link Camera}
 * for the contract, deadlines and failure codes.
 */
public final class OnvifCamera implements Camera {
    private static final Duration REPLAY_IDLE = Duration.ofSeconds(5);

    private final String id;
    private final Vertx vertx;
    private final Clock clock;
    private final OnvifCameraOptions options;
    private final OnvifCameraSession camera;
    private final OnvifCameraSession recorder;
    private final OnvifSnapshotFetcher snapshots;
    private volatile String profileToken;

    public OnvifCamera(String id, Vertx vertx, Clock clock, OnvifHttp http, OnvifCameraOptions options) {
        this.id = id;
        this.vertx = vertx;
        this.clock = clock;
        this.options = options;
        this.camera = new OnvifCameraSession(vertx, http, options.camera(), options);
        this.recorder = options.recorder() == null ? camera : new OnvifCameraSession(vertx, http, options.recorder(), options);
        this.snapshots = new OnvifSnapshotFetcher(http, options.requestTimeout());
    }

    @Override
    public String cameraId() {
        return id;
    }

    @Override
    public String recorder() {
        return options.footage().key();
    }

    @Override
    public Future<CameraInfo> info(Instant deadline) {
        return camera.device().deviceInformation(deadline);
    }

    /** GetSystemDateAndTime then GetDeviceInformation: what the health loop runs. */
    Future<CameraInfo> probe(Instant deadline) {
        Future<CameraInfo> probed = camera.soap().syncClock(deadline).compose(d -> camera.device().deviceInformation(deadline));
        if (recorder == camera) return probed;
        // the recorder's clock stamps the footage: keep its offset fresh too; the recorder's trouble is not the camera's health
        return probed.compose(i -> recorder.soap().syncClock(deadline).map(i).otherwise(i));
    }

    /**
     * The offset of the clock that stamps this camera's footage (what {@link #recordings} and {@link #replay} times
     * are in): the recorder's when one is configured, else the camera's. Measured by the health probe.
     */
    @Override
    public Optional<Duration> clockOffset() {
        return recorder.soap().clockOffset();
    }

    /** The camera's own clock offset (it stamps its events and snapshots), measured by the health probe. */
    Optional<Duration> cameraClockOffset() {
        return camera.soap().clockOffset();
    }

    /** The camera's SOAP client (its event subscription talks through it). */
    OnvifSoapClient soap() {
        return camera.soap();
    }

    /** The camera's event service as its (cached) service map advertises it; empty when it has none. */
    Future<Optional<URI>> eventService(Instant deadline) {
        return camera.services(deadline).map(s -> s.get(OnvifNs.TEV));
    }

    /**
     * The event service looked up afresh (a restarted camera may have moved it), for each (re-)subscribe; fails when
     * the camera no longer advertises one.
     */
    Future<URI> eventServiceNow(Instant deadline) {
        return camera.device().services(deadline).compose(s -> s.get(OnvifNs.TEV).map(Future::succeededFuture)
                .orElseGet(() -> Future.failedFuture(new WardenException(ErrorCode.UNSUPPORTED, "the camera no longer advertises an event service"))));
    }

    @Override
    public Future<List<RecordingSpan>> recordings(Instant from, Instant to, Instant deadline) {
        if (!to.isAfter(from)) {
            return Future.failedFuture(new WardenException(ErrorCode.BAD_REQUEST, "recordings: the window must end after it starts"));
        }
        return recorder.search(deadline)
                .compose(s -> s.findRecordings(options.recordingToken(), deadline))
                .map(all -> spans(all, from, to));
    }

    private List<RecordingSpan> spans(List<OnvifRecording> all, Instant from, Instant to) {
        List<RecordingSpan> out = new ArrayList<>();
        for (OnvifRecording r : all) {
            if (!mine(r) || r.earliest() == null) continue;
            Instant latest = r.latest() == null ? to : r.latest();
            Instant start = r.earliest().isAfter(from) ? r.earliest() : from;
            Instant end = latest.isBefore(to) ? latest : to;
            if (end.isAfter(start)) out.add(new RecordingSpan(r.token(), start, end));
        }
        out.sort(Comparator.comparing(RecordingSpan::from).thenComparing(RecordingSpan::recordingToken));
        return out;
    }

    private boolean mine(OnvifRecording r) {
        if (options.recordingToken() != null) return r.token().equals(options.recordingToken());
        if (options.sourceToken() != null) {
            return r.sourceId().equals(options.sourceToken()) || r.videoSourceToken().equals(options.sourceToken());
        }
        return true;
    }

    @Override
    public Future<ReplayEnd> replay(String recordingToken, Instant from, Instant to, Instant setupDeadline, ReplaySink sink) {
        OnvifCameraOptions.Endpoint ep = options.footage();
        return recorder.search(setupDeadline)
                .compose(s -> s.replayUri(recordingToken, setupDeadline))
                .compose(uri -> new OnvifReplayClient(vertx, clock, new OnvifReplayClient.Options(REPLAY_IDLE))
                        .replay(uri, ep.username(), ep.password(), from, to, setupDeadline, sink));
    }

    @Override
    public Future<Buffer> snapshot(Instant deadline) {
        return camera.media(deadline).compose(media -> chooseProfile(media, deadline)
                        .compose(token -> media.snapshotUri(token, deadline).onFailure(t -> {
                            // the device's profiles were rebuilt: choose again on the next call
                            if (WardenException.codeOf(t) == ErrorCode.NOT_FOUND) profileToken = null;
                        })))
                .compose(uri -> snapshots.fetch(uri, options.camera().username(), options.camera().password(), deadline));
    }

    private Future<String> chooseProfile(OnvifMediaOps media, Instant deadline) {
        String known = profileToken;
        if (known != null) return Future.succeededFuture(known);
        return media.profiles(deadline).map(list -> {
            String t = OnvifMediaOps.choose(list, options.profile()).token();
            profileToken = t;
            return t;
        });
    }

    @Override
    public String toString() {
        return "OnvifCamera[" + id + ", " + options.camera() + "]";
    }
}
