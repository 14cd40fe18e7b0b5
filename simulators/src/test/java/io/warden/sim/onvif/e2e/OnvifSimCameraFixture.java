package io.warden.sim.onvif.e2e;

import static io.warden.adapter.api.testing.Waits.await;

import io.warden.adapter.api.testing.RecordingAdapterContext;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.Camera;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.RecordingSpan;
import io.warden.adapter.api.contract.CameraFixture;
import io.warden.adapter.onvif.OnvifAdapterFactory;
import io.warden.sim.onvif.OnvifCameraFaults;
import io.warden.sim.onvif.OnvifCameraSimulator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The ONVIF adapter, made by its factory from config options as the gateway does, talking to a simulated camera
 * (edge storage, RTSP on) or to a simulated camera whose footage lives on a simulated NVR (option {@code recorder}
 * with a sourceToken). Everything on 127.0.0.1, ports chosen by the OS.
 */
final class OnvifSimCameraFixture implements CameraFixture {
    static final String USER = "admin";
    static final String PASSWORD = "cam-pw-1";
    static final String NVR_USER = "nvr-admin";
    static final String NVR_PASSWORD = "nvr-pw-2";
    /** Recording since ten minutes ago, still recording: footage runs up to now. */
    final Instant recordingStart = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);

    final RecordingAdapterContext ctx;
    final OnvifCameraSimulator camera;
    final OnvifCameraSimulator nvr;
    private final String recordingToken;
    private DeviceAdapter adapter;

    /**
     * @param viaNvr footage from an NVR simulator (channel 2, by sourceToken) instead of the camera's edge storage
     * @param cameraPassword the password the adapter is configured with (the camera's is {@link #PASSWORD})
     */
    OnvifSimCameraFixture(Vertx vertx, boolean viaNvr, String cameraPassword) {
        ctx = new RecordingAdapterContext(vertx, Map.of("CAM_PW", cameraPassword, "NVR_PW", NVR_PASSWORD));
        OnvifCameraSimulator.Config cam = OnvifCameraSimulator.Config.camera("127.0.0.1", USER, PASSWORD, recordingStart)
                .withPorts(0, viaNvr ? null : 0);
        camera = new OnvifCameraSimulator(vertx, cam);
        nvr = viaNvr ? new OnvifCameraSimulator(vertx, OnvifCameraSimulator.Config.nvr("127.0.0.1", NVR_USER, NVR_PASSWORD, 3,
                recordingStart).withPorts(0, 0)) : null;
        recordingToken = viaNvr ? "Recording_2" : "Recording_1";
    }

    /** Starts the simulator(s), then the adapter (its first health probe runs at once). */
    OnvifSimCameraFixture start() {
        await(camera.start());
        if (nvr != null) await(nvr.start());
        JsonObject o = new JsonObject().put("host", "127.0.0.1").put("port", camera.httpPort()).put("username", USER)
                .put("passwordSecret", "CAM_PW").put("healthIntervalSeconds", 5).put("requestTimeoutMs", 5000);
        if (nvr != null) {
            o.put("recorder", new JsonObject().put("host", "127.0.0.1").put("port", nvr.httpPort())
                    .put("username", NVR_USER).put("passwordSecret", "NVR_PW").put("sourceToken", "VideoSource_2"));
        }
        adapter = new OnvifAdapterFactory().create(new AdapterSpec("cam-e2e", "onvif", o, List.of(), "cameras[0]", AdapterSpec.Role.CAMERA), ctx);
        await(adapter.start());
        return this;
    }

    DeviceAdapter adapter() {
        return adapter;
    }

    /** The faults of the device that serves footage (the NVR when there is one). */
    OnvifCameraFaults footageFaults() {
        return (nvr != null ? nvr : camera).config().faults();
    }

    @Override
    public Camera camera() {
        return adapter.cameras().iterator().next();
    }

    @Override
    public RecordingSpan recorded() {
        return new RecordingSpan(recordingToken, recordingStart.plusSeconds(60), recordingStart.plusSeconds(180));
    }

    @Override
    public void setReachable(boolean reachable) {
        camera.config().faults().offline = !reachable;
        if (nvr != null) nvr.config().faults().offline = !reachable;
    }

    @Override
    public void close() {
        if (adapter != null) await(adapter.stop());
        await(camera.stop());
        if (nvr != null) await(nvr.stop());
    }
}
