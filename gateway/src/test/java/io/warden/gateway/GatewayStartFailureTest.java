package io.warden.gateway;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.config.ConfigLoader;
import io.warden.gateway.config.GatewayConfig;
import io.warden.gateway.config.Secrets;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A start that fails part-way closes what it had opened (audit store, adapters, listeners), so the
 * next start in the same process, on the same data directory, succeeds; and its error names the
 * config path, not INTERNAL.
 */
class GatewayStartFailureTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        await(vertx.close());
    }

    private static GatewayConfig config(Path dir, String controller) {
        String yaml = """
                sites: [{id: s1, zones: [{id: z1}]}]
                controllers: [%s]
                doors: [{id: d1, site: s1, zone: z1, controller: c1, point: {address: 1, strike: 0}}]
                tokens: [{name: t1, role: admin, sha256: 91c16f0d6cc1bec3c3603972182a07c66ff4fa71618a975e963d6dbe42b6dd37}]
                """.formatted(controller);
        return ConfigLoader.parse(yaml, "start-test.yaml", Gateway.factories().keySet(), Map.of(), dir);
    }

    private static final String GOOD = "{id: c1, type: fake-controller}";

    private Throwable failedStart(Path dir, String controller, Integer port) {
        return awaitFailure(Gateway.start(vertx, config(dir, controller), Secrets.of(Map.of()), port, Clock.systemUTC()));
    }

    /** The next start on {@code dir} works: the failed one left the audit file, the run marker and the port free. */
    private void startsAgain(Path dir) {
        Gateway g = await(Gateway.start(vertx, config(dir, GOOD), Secrets.of(Map.of()), 0, Clock.systemUTC()));
        assertThat(g.port()).isPositive();
        await(g.stop());
    }

    @Test
    void anAdapterThatFailsToStartIsNamedAndLeavesNothingOpen() throws Exception {
        Path dir = Files.createTempDirectory("warden-start");
        Throwable e = failedStart(dir, "{id: c1, type: fake-controller, options: {failStart: relay board missing}}", 0);
        assertThat(e).isInstanceOf(WardenException.class);
        assertThat(((WardenException) e).code()).isNotEqualTo(ErrorCode.INTERNAL);
        assertThat(e.getMessage()).startsWith("controllers[0]: did not start: ").contains("relay board missing");
        startsAgain(dir);
    }

    @Test
    void aFactoryThatThrowsLeavesTheAuditStoreClosed() throws Exception {
        Path dir = Files.createTempDirectory("warden-start");
        Throwable e = failedStart(dir, "{id: c1, type: fake-controller, options: {failCreate: factory bug}}", 0);
        assertThat(e).hasMessageContaining("factory bug");
        startsAgain(dir);
    }

    @Test
    void aBaudRateTheLineCannotUseIsAConfigErrorWithItsPath() throws Exception {
        Path dir = Files.createTempDirectory("warden-start");
        Throwable e = failedStart(dir, "{id: c1, type: osdp, options: {device: /dev/null-warden, baud: 4800, devices: [{address: 1}]}}", 0);
        assertThat(((WardenException) e).code()).isEqualTo(ErrorCode.BAD_CONFIG);
        assertThat(e.getMessage()).startsWith("controllers[0].options.baud: must be one of 9600,");
        startsAgain(dir);
    }

    @Test
    void optionsTheDeclarationRefusesAreAllReportedBeforeAnythingIsOpened() throws Exception {
        Path dir = Files.createTempDirectory("warden-start");
        Throwable e = failedStart(dir, "{id: c1, type: osdp, options: {device: /dev/null-warden, baud: 4800, devices: [{address: 1}]}}, "
                + "{id: c2, type: osdp, options: {transport: tcp, host: 127.0.0.1, port: 9, bogusKey: 1, devices: [{address: 1}]}}", 0);
        assertThat(((WardenException) e).code()).isEqualTo(ErrorCode.BAD_CONFIG);
        assertThat(e.getMessage()).contains("controllers[0].options.baud: must be one of 9600,")
                .contains("controllers[1].options.bogusKey: unknown key");
        try (var made = Files.list(dir)) {
            assertThat(made).as("no audit file, key or run marker for a config the adapters refuse").isEmpty();
        }
    }

    @Test
    void aPortInUseIsNamedAndLeavesNothingOpen() throws Exception {
        Path dir = Files.createTempDirectory("warden-start");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Throwable e = failedStart(dir, GOOD, taken.getLocalPort());
            assertThat(e).isInstanceOf(WardenException.class);
            assertThat(e.getMessage()).startsWith("http: cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
        startsAgain(dir);
    }
}
