package io.warden.sim.onvif.e2e;

import static io.warden.adapter.api.testing.Waits.await;

import io.vertx.core.Vertx;
import io.warden.sim.onvif.OnvifSimProxy;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** The adapter and a one-door simulated controller (door "front" = Door_1) with an {@link OnvifSimProxy} between them. */
abstract class OnvifDoorBehindProxyTestBase {
    protected final Vertx vertx = Vertx.vertx();
    protected OnvifSimProxy proxy;
    protected OnvifDoorFixture f;

    /** Starts the simulator, the proxy and the adapter; returns once the adapter is ready. */
    protected void startBehindProxy() {
        f = new OnvifDoorFixture(vertx, Clock.systemUTC(), Map.of("front", "Door_1"), target -> {
            proxy = await(OnvifSimProxy.start(vertx, target));
            return proxy.port();
        }, sim -> {});
        f.awaitReady();
    }

    @AfterEach
    void closeAll() {
        if (f != null) f.close();
        if (proxy != null) await(proxy.close());
        await(vertx.close());
    }
}
