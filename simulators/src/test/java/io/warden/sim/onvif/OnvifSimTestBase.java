package io.warden.sim.onvif;

import static io.warden.adapter.api.testing.Waits.await;

import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Starts a simulated camera (RTSP off) on a port of 127.0.0.1 with a hand-moved clock. */
abstract class OnvifSimTestBase {
    static final String USER = "admin";
    static final String PASSWORD = "s3cret";
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    static final String TDS = "<GetDeviceInformation xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/>";

    Vertx vertx;
    OnvifSimTestClock clock;
    OnvifCameraSimulator sim;
    OnvifSimTestClient client;

    /** The config under test; subclasses may override (e.g. an NVR). */
    OnvifCameraSimulator.Config config() {
        return OnvifCameraSimulator.Config.camera("127.0.0.1", USER, PASSWORD, T0.minusSeconds(3600));
    }

    @BeforeEach
    void startSimulator() {
        vertx = Vertx.vertx();
        clock = new OnvifSimTestClock(T0);
        sim = new OnvifCameraSimulator(vertx, config().withClock(clock));
        await(sim.start());
        client = new OnvifSimTestClient(sim.httpPort());
    }

    @AfterEach
    void stopSimulator() {
        await(sim.stop());
        await(vertx.close());
    }

    /** Posts {@code body} with a valid UsernameToken made on the device clock. */
    OnvifSimTestClient.Reply call(String body) throws Exception {
        return call("/onvif/device_service", body);
    }

    OnvifSimTestClient.Reply call(String path, String body) throws Exception {
        return client.post(path, OnvifSimTestClient.envelope(OnvifSimTestClient.token(USER, PASSWORD, sim.deviceNow()), body), Map.of());
    }

    /** Posts {@code body} without any credentials. */
    OnvifSimTestClient.Reply anon(String body) throws Exception {
        return client.post(OnvifSimTestClient.envelope("", body));
    }
}
