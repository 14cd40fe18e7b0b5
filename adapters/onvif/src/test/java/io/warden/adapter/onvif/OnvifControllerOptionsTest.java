package io.warden.adapter.onvif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.adapter.api.testing.RecordingAdapterContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A door controller of type onvif: the one option declaration, minus what only a camera has; each door's DoorToken. */
class OnvifControllerOptionsTest {
    private final Vertx vertx = Vertx.vertx();
    private final RecordingAdapterContext ctx = new RecordingAdapterContext(vertx, Map.of("CTL_PASS", "s3cret-value"));

    @AfterEach
    void close() {
        vertx.close();
    }

    private static JsonObject valid() {
        return new JsonObject().put("host", "10.20.1.40").put("username", "warden").put("passwordSecret", "CTL_PASS");
    }

    private static AdapterSpec.Door door(String id, JsonObject point, int i) {
        return new AdapterSpec.Door(id, null, null, point, "controllers[3].doors[" + i + "]");
    }

    private static AdapterSpec spec(JsonObject options, List<AdapterSpec.Door> doors) {
        return new AdapterSpec("east", "onvif", options, doors, "controllers[3]");
    }

    private String error(JsonObject options, List<AdapterSpec.Door> doors) {
        Throwable t = catchThrowable(() -> new OnvifAdapterFactory().create(spec(options, doors), ctx));
        assertThat(t).isInstanceOf(WardenException.class);
        assertThat(((WardenException) t).code()).isEqualTo(ErrorCode.BAD_CONFIG);
        assertThat(t.getMessage()).doesNotContain("s3cret");
        return t.getMessage();
    }

    @Test
    void aControllerReadsTheSharedOptionsAndEachDoorsToken() {
        JsonObject o = valid().put("port", 8080).put("requestTimeoutMs", 2000).put("healthIntervalSeconds", 15).put("clockSkewWarnSeconds", 30)
                .put("events", false);
        OnvifControllerOptions parsed = OnvifControllerOptions.parse(spec(o, List.of(
                door("east-main", new JsonObject().put("token", "Door_1"), 0),
                door("east-side", new JsonObject().put("token", "Door_7"), 1))), ctx);
        assertThat(parsed.device().deviceService().toString()).isEqualTo("http://10.20.1.40:8080/onvif/device_service");
        assertThat(parsed.device().password()).isEqualTo("s3cret-value");
        assertThat(parsed.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(parsed.healthInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(parsed.clockSkewLimit()).isEqualTo(Duration.ofSeconds(30));
        assertThat(parsed.events()).isFalse();
        assertThat(parsed.doorTokens()).containsExactly("Door_1", "Door_7");
    }

    @Test
    void theFactoryMakesADoorControllerWithOneDeviceServingAllItsDoors() {
        DeviceAdapter a = new OnvifAdapterFactory().create(spec(valid(), List.of(
                door("east-main", new JsonObject().put("token", "Door_1"), 0),
                door("east-side", new JsonObject().put("token", "Door_2"), 1))), ctx);
        assertThat(a).isInstanceOf(OnvifDoorControllerAdapter.class);
        assertThat(a.id()).isEqualTo("east");
        assertThat(a.doors()).extracting(d -> d.doorId()).containsExactly("east-main", "east-side");
        assertThat(a.devices()).containsExactly(Map.entry("east", List.of("east-main", "east-side")));
        assertThat(a.cameras()).isEmpty();
        assertThat(a.doors().iterator().next().state().online()).isFalse();
    }

    @Test
    void cameraOnlyOptionsAreRefusedOnAControllerNamingThePath() {
        List<AdapterSpec.Door> doors = List.of(door("east-main", new JsonObject().put("token", "Door_1"), 0));
        assertThat(error(valid().put("profile", "Profile_1"), doors))
                .startsWith("controllers[3].options.profile: ").contains("only a camera");
        assertThat(error(valid().put("recorder", new JsonObject().put("host", "10.0.0.9").put("sourceToken", "S")), doors))
                .startsWith("controllers[3].options.recorder: ").contains("only a camera");
    }

    @Test
    void otherBadOptionsAndPointsNameTheirPath() {
        List<AdapterSpec.Door> doors = List.of(door("east-main", new JsonObject().put("token", "Door_1"), 0));
        assertThat(error(valid().put("bogus", 1), doors)).startsWith("controllers[3].options.bogus");
        assertThat(error(valid().put("passwordSecret", "NOPE"), doors)).isEqualTo("controllers[3].options.passwordSecret: secret 'NOPE' is not defined");
        assertThat(error(valid(), List.of(door("east-main", new JsonObject(), 0)))).startsWith("controllers[3].doors[0].point.token");
        assertThat(error(valid(), List.of(door("east-main", new JsonObject().put("token", "Door_1").put("reader", 2), 0))))
                .startsWith("controllers[3].doors[0].point.reader");
    }
}
