package io.warden.sim.osdp.e2e;


import static io.warden.adapter.api.testing.Waits.await;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;

/** A Vert.x instance and the line a test starts on it, both closed after each test. */
abstract class OsdpLineTestBase {
    protected final Vertx vertx = Vertx.vertx();
    protected OsdpLineFixture line;

    @AfterEach
    void closeLine() throws Exception {
        if (line != null) line.close();
        await(vertx.close());
    }
}
