package io.warden.adapter.onvif;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.warden.adapter.api.testing.Waits.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.vertx.core.Vertx;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.testing.RecordingAdapterContext;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A camera adapter test against a WireMock device on 127.0.0.1: a fresh Vert.x, WireMock and recording
 * context (secret {@code PW} = "pw-secret") per test; the adapter the test starts is stopped after it.
 */
abstract class OnvifCameraWireMockTestBase<A extends DeviceAdapter> {
    protected Vertx vertx;
    protected WireMockServer wm;
    protected RecordingAdapterContext ctx;
    protected A adapter;

    @BeforeEach
    void startWireMock() {
        vertx = Vertx.vertx();
        wm = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
        ctx = new RecordingAdapterContext(vertx, Map.of("PW", "pw-secret"));
    }

    @AfterEach
    void stopAdapterAndWireMock() {
        if (adapter != null) await(adapter.stop());
        wm.stop();
        await(vertx.close());
    }
}
