package io.warden.gateway.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh simulated site and gateway for each test, closed after it. */
abstract class GatewayE2eTest {
    protected GatewayFixture gw;

    @BeforeEach
    void startSite() throws Exception {
        gw = GatewayFixture.start();
    }

    @AfterEach
    void closeSite() throws Exception {
        if (gw != null) gw.close();
    }
}
