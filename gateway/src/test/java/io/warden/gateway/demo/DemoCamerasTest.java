package io.warden.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.config.GatewayConfig;
import io.warden.gateway.config.Secrets;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The demo's simulated cameras from config/demo.yaml: what they need, and what they say when they cannot start. */
@Timeout(60)
class DemoCamerasTest {
    private final Vertx vertx = Vertx.vertx();

    @TempDir
    Path dir;

    @AfterEach
    void close() throws Exception {
        vertx.close().await(15, TimeUnit.SECONDS);
    }

    @Test
    void aPasswordThatIsNotDefinedIsABadConfigNamingTheCameraAndTheSecret() throws Exception {
        GatewayConfig config = DemoTestConfig.in(dir);
        assertThatThrownBy(() -> DemoCameras.start(vertx, config, Secrets.of(Map.of()), Clock.systemUTC()).await(20, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(WardenException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_CONFIG))
                .hasMessage("cameras[0] (cam-main-entrance).options.passwordSecret: secret 'DEMO_CAM_PASSWORD' is not defined");
    }

    @Test
    void aTakenPortIsSaidAndWhatHadStartedIsStoppedAgain() throws Exception {
        GatewayConfig config = DemoTestConfig.in(dir);
        String yaml = Files.readString(dir.resolve("demo.yaml"));
        int nvrPort = config.cameras().get(3).optionsJson().getJsonObject("recorder").getInteger("port");
        Secrets secrets = Secrets.of(Map.of()).withFallback(Demo.DEMO_KEYS);
        try (ServerSocket taken = new ServerSocket(nvrPort, 50, InetAddress.getLoopbackAddress())) {
            assertThat(yaml).contains("port: " + nvrPort);
            assertThatThrownBy(() -> DemoCameras.start(vertx, config, secrets, Clock.systemUTC()).await(20, TimeUnit.SECONDS))
                    .isInstanceOfSatisfying(WardenException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_CONFIG))
                    .hasMessageStartingWith("cameras[3] (cam-gym).options.recorder: the simulated device cannot listen on 127.0.0.1:" + nvrPort)
                    .hasMessageContaining("is another demo running");
        }
        // The cameras that had started were stopped: the same config starts now that the port is free.
        DemoCameras again = DemoCameras.start(vertx, config, secrets, Clock.systemUTC()).await(20, TimeUnit.SECONDS);
        assertThat(again.describe()).hasSize(6);
        again.stop().await(10, TimeUnit.SECONDS);
    }
}
