package io.warden.adapter.onvif;

import io.warden.adapter.api.testing.RecordingAdapterContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.DeviceAdapterFactory;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OnvifAdapterFactoryTest {
    private final Vertx vertx = Vertx.vertx();
    private final RecordingAdapterContext ctx = new RecordingAdapterContext(vertx, Map.of("CAM_PASS", "hunter2-value", "NVR_PASS", "nvr-value"));

    @AfterEach
    void close() {
        vertx.close();
    }

    private static JsonObject valid() {
        return new JsonObject().put("host", "10.20.1.31").put("username", "warden").put("passwordSecret", "CAM_PASS");
    }

    private DeviceAdapter create(JsonObject options) {
        return new OnvifAdapterFactory().create(new AdapterSpec("cam-1", "onvif", options, List.of(), "cameras[0]", AdapterSpec.Role.CAMERA), ctx);
    }

    private String error(JsonObject options) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> create(options));
        assertThat(t).isInstanceOf(WardenException.class);
        assertThat(((WardenException) t).code()).isEqualTo(ErrorCode.BAD_CONFIG);
        assertThat(t.getMessage()).doesNotContain("hunter2").doesNotContain("nvr-value");
        return t.getMessage();
    }

    @Test
    void isFoundByServiceLoaderAsTypeOnvif() {
        assertThat(ServiceLoader.load(DeviceAdapterFactory.class).stream().map(ServiceLoader.Provider::get))
                .filteredOn(f -> f.type().equals("onvif")).singleElement().isInstanceOf(OnvifAdapterFactory.class);
    }

    @Test
    void defaultsAndOneCamera() {
        DeviceAdapter a = create(valid());
        assertThat(a.id()).isEqualTo("cam-1");
        assertThat(a.doors()).isEmpty();
        assertThat(a.cameras()).hasSize(1);
        assertThat(a.devices()).containsOnlyKeys("cam-1");
        assertThat(a.cameras().iterator().next().recorder()).isEqualTo("onvif://10.20.1.31:80");
        OnvifCameraOptions o = OnvifCameraOptions.parse(new AdapterSpec("c", "onvif", valid(), List.of(), "cameras[0]", AdapterSpec.Role.CAMERA), ctx);
        assertThat(o.camera().deviceService().toString()).isEqualTo("http://10.20.1.31:80/onvif/device_service");
        assertThat(o.preserveAddress()).isTrue();
        assertThat(o.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.healthInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.camera().toString()).doesNotContain("hunter2");
    }

    @Test
    void missingAndInvalidOptionsNameThePath() {
        assertThat(error(valid().copy().putNull("host"))).isEqualTo("cameras[0].options.host: missing");
        assertThat(error(valid().copy().putNull("username"))).isEqualTo("cameras[0].options.username: missing");
        assertThat(error(valid().copy().putNull("passwordSecret"))).isEqualTo("cameras[0].options.passwordSecret: missing");
        assertThat(error(valid().put("passwordSecret", "NOPE"))).isEqualTo("cameras[0].options.passwordSecret: secret 'NOPE' is not defined");
        assertThat(error(valid().put("port", 70000))).startsWith("cameras[0].options.port: must be between 1 and 65535");
        assertThat(error(valid().put("port", "80"))).isEqualTo("cameras[0].options.port: must be a whole number, not '80'");
        assertThat(error(valid().put("requestTimeoutMs", 100))).startsWith("cameras[0].options.requestTimeoutMs: must be between 500 and 30000");
        assertThat(error(valid().put("healthIntervalSeconds", 4000))).startsWith("cameras[0].options.healthIntervalSeconds:");
        assertThat(error(valid().put("preserveAddress", "yes"))).isEqualTo("cameras[0].options.preserveAddress: must be true or false");
        assertThat(error(valid().put("recorder", "nvr"))).isEqualTo("cameras[0].options.recorder: must be a mapping");
        assertThat(error(valid().put("recorder", new JsonObject().put("recordingToken", "R1"))))
                .isEqualTo("cameras[0].options.recorder.host: missing");
        assertThat(error(valid().put("recorder", new JsonObject().put("host", "nvr"))))
                .startsWith("cameras[0].options.recorder: needs recordingToken or sourceToken");
        assertThat(error(valid().put("recorder", new JsonObject().put("host", "nvr").put("username", "u").put("recordingToken", "R"))))
                .isEqualTo("cameras[0].options.recorder.passwordSecret: missing");
    }

    @Test
    void aHostThatIsNotAPlainHostIsRefusedAndIpv6IsBracketed() {
        assertThat(error(valid().put("host", "http://10.20.1.31"))).startsWith("cameras[0].options.host:");
        assertThat(error(valid().put("host", "admin@10.20.1.31"))).startsWith("cameras[0].options.host: not a plain host");
        assertThat(error(valid().put("host", "admin:Pa55word@10.20.1.31"))).startsWith("cameras[0].options.host:").doesNotContain("Pa55word");
        assertThat(error(valid().put("host", "admin;Pa55word@10.20.1.31"))).doesNotContain("Pa55word");
        assertThat(error(valid().put("host", "cam_1.local"))).startsWith("cameras[0].options.host: not a plain host");
        assertThat(error(valid().put("host", "10.20.1.31:8080"))).startsWith("cameras[0].options.host:");
        assertThat(error(valid().put("recorder", new JsonObject().put("host", "nvr_7").put("recordingToken", "R"))))
                .startsWith("cameras[0].options.recorder.host:");
        OnvifCameraOptions v6 = OnvifCameraOptions.parse(new AdapterSpec("c", "onvif", valid().put("host", "fd00::31"), List.of(), "cameras[0]", AdapterSpec.Role.CAMERA), ctx);
        assertThat(v6.camera().deviceService().toString()).isEqualTo("http://[fd00::31]:80/onvif/device_service");
        assertThat(v6.camera().deviceService().getHost()).isEqualTo("[fd00::31]");
    }

    @Test
    void aMisspeltKeyIsRefusedNotSilentlyDefaulted() {
        assertThat(error(valid().put("requestTimeout", 20000))).startsWith("cameras[0].options.requestTimeout: unknown key");
        assertThat(error(valid().put("recorder", new JsonObject().put("host", "nvr").put("recordingtoken", "R"))))
                .startsWith("cameras[0].options.recorder.recordingtoken: unknown key");
        assertThat(error(valid().put("recordingToken", "R"))).as("only a recorder takes a recording token")
                .startsWith("cameras[0].options.recordingToken: unknown key");
    }

    @Test
    void aRecorderServesTheFootageWithTheCamerasCredentialsByDefault() {
        JsonObject o = valid().put("recorder", new JsonObject().put("host", "10.20.1.30").put("port", 8080).put("sourceToken", "VS_3"));
        DeviceAdapter a = create(o);
        assertThat(a.cameras().iterator().next().recorder()).isEqualTo("onvif://10.20.1.30:8080");
        OnvifCameraOptions opts = OnvifCameraOptions.parse(new AdapterSpec("c", "onvif", o, List.of(), "cameras[0]", AdapterSpec.Role.CAMERA), ctx);
        assertThat(opts.footage().username()).isEqualTo("warden");
        assertThat(opts.footage().password()).isEqualTo("hunter2-value");
        assertThat(opts.sourceToken()).isEqualTo("VS_3");
    }
}
