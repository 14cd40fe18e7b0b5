package io.warden.gateway.footage;

import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Footage requests that are refused (each problem names its field), roles, and the camera reads. No job runs here. */
class FootageRequestApiTest {
    static FootageFixture site;

    @BeforeAll
    static void start() throws Exception {
        site = new FootageFixture("footage: {maxWindowMinutes: 10, autoCapture: {enabled: false}}\n");
    }

    @AfterAll
    static void stop() throws Exception {
        site.close();
    }

    private static JsonObject body(Object... kv) {
        Instant to = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        JsonObject b = new JsonObject().put("cameras", new JsonArray().add("cam-a")).put("from", to.minusSeconds(30).toString())
                .put("to", to.toString()).put("reason", "incident 42");
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] == null) b.remove((String) kv[i]);
            else b.put((String) kv[i], kv[i + 1]);
        }
        return b;
    }

    private static JsonObject problem(JsonObject body, int status, String code, String field) throws Exception {
        FootageFixture.Response r = site.post("/api/v1/footage", "investigator", body);
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonObject p = r.json();
        assertThat(p.getString("code")).isEqualTo(code);
        assertThat(p.getString("detail")).as(p.encode()).contains(field);
        return p;
    }

    @Test
    void everyBadFieldIsNamed() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        problem(body("to", now.minusSeconds(3600).toString(), "from", now.minusSeconds(3500).toString()), 400, "BAD_REQUEST", "to: must be after from");
        problem(body("from", now.minusSeconds(3600).toString(), "to", now.minusSeconds(1200).toString()), 400, "BAD_REQUEST", "maxWindowMinutes");
        problem(body("to", now.plusSeconds(120).toString(), "from", now.minusSeconds(60).toString()), 400, "BAD_REQUEST", "to: is in the future");
        problem(body("reason", null), 400, "BAD_REQUEST", "reason");
        problem(body("reason", "   "), 400, "BAD_REQUEST", "reason");
        problem(body("from", "yesterday"), 400, "BAD_REQUEST", "from");
        problem(body("to", null), 400, "BAD_REQUEST", "to");
        problem(body("cameras", null), 400, "BAD_REQUEST", "doors, cameras");
        problem(body("doors", new JsonArray().add("door-a")), 400, "BAD_REQUEST", "not both");
        problem(body("cameras", new JsonArray()), 400, "BAD_REQUEST", "cameras: must not be empty");
        problem(body("cameras", null, "doors", new JsonArray()), 400, "BAD_REQUEST", "doors: must not be empty");
        problem(body("cameras", new JsonArray().add("cam-zz")), 404, "NOT_FOUND", "cam-zz");
        problem(body("cameras", null, "doors", new JsonArray().add("door-zz")), 404, "NOT_FOUND", "door-zz");
        problem(body("cameras", null, "doors", new JsonArray().add("door-none")), 400, "BAD_REQUEST", "door-none");
        problem(body("extra", 1), 400, "BAD_REQUEST", "extra");
        assertThat(site.get("/api/v1/footage", "investigator").json().getJsonArray("items")).isEmpty();
        assertThat(site.audited("footage.requested")).isEmpty();
    }

    @Test
    void timesTakeAnyRfc3339Offset() throws Exception {
        // a window the wrong way round is refused after both times were read: the detail shows from as the gateway read it
        Instant from = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS);
        String inNewYork = from.atOffset(java.time.ZoneOffset.ofHours(-5)).toString().replace('T', 't');
        JsonObject p = problem(body("from", inNewYork, "to", from.minusSeconds(60).atOffset(java.time.ZoneOffset.ofHours(1)).toString()),
                400, "BAD_REQUEST", "to: must be after from");
        assertThat(p.getString("detail")).contains(from.toString());
        problem(body("from", "2026-12-01T10:02:00"), 400, "BAD_REQUEST", "from: '2026-12-01T10:02:00' is not an RFC 3339 date-time");
    }

    @Test
    void onlyInvestigatorsAndAdminsTouchFootage() throws Exception {
        for (String role : List.of("viewer", "operator", "lockdown")) {
            assertThat(site.post("/api/v1/footage", role, body()).status()).isEqualTo(403);
            assertThat(site.get("/api/v1/footage", role).status()).isEqualTo(403);
            assertThat(site.get("/api/v1/cameras/cam-a/snapshot", role).status()).isEqualTo(403);
            assertThat(site.get("/api/v1/evidence/key", role).status()).isEqualTo(403);
        }
        assertThat(site.post("/api/v1/footage", null, body()).status()).isEqualTo(401);
        assertThat(site.get("/api/v1/footage", null).status()).isEqualTo(401);
        assertThat(site.get("/api/v1/footage", "investigator").status()).isEqualTo(200);
        assertThat(site.get("/api/v1/footage", "admin").status()).isEqualTo(200);
        assertThat(site.get("/api/v1/cameras", "viewer").status()).isEqualTo(200);
        assertThat(site.get("/api/v1/footage/nope", "investigator").status()).isEqualTo(404);
        assertThat(site.delete("/api/v1/footage/nope", "investigator").status()).isEqualTo(404);
    }

    @Test
    void camerasShowHealthDoorsAndDeviceInfo() throws Exception {
        until(() -> {
            try {
                return cam(site.get("/api/v1/cameras", "viewer").json(), "cam-a").getJsonObject("health").getString("status").equals("ONLINE");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "cam-a online");
        JsonObject list = site.get("/api/v1/cameras", "viewer").json();
        assertThat(list.getJsonArray("items")).hasSize(3);
        JsonObject a = cam(list, "cam-a");
        assertThat(a.getString("name")).isEqualTo("Camera cam-a");
        assertThat(a.getString("type")).isEqualTo("fake-camera");
        assertThat(a.getJsonArray("doors").getList()).containsExactly("door-a");
        assertThat(a.getLong("clockOffsetMs")).isEqualTo(-40L);
        JsonObject one = site.get("/api/v1/cameras/cam-b", "viewer").json();
        assertThat(one.getJsonObject("info").getString("model")).isEqualTo("FakeCam");
        assertThat(one.getJsonObject("info").getString("serialNumber")).isEqualTo("SN-cam-b");
        assertThat(site.get("/api/v1/cameras/cam-zz", "viewer").status()).isEqualTo(404);
        io.warden.gateway.testing.FakeCamera.of("cam-c").offline = true;
        try {
            JsonObject c = site.get("/api/v1/cameras/cam-c", "viewer").json();
            assertThat(c.getValue("info")).isNull();
            assertThat(c.getJsonObject("infoError").getString("code")).isEqualTo("DEVICE_OFFLINE");
        } finally {
            io.warden.gateway.testing.FakeCamera.of("cam-c").offline = false;
        }
    }

    @Test
    void aSnapshotIsAJpegAndAudited() throws Exception {
        FootageFixture.Response r = site.get("/api/v1/cameras/cam-a/snapshot", "investigator");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("image/jpeg");
        assertThat(r.bytes()[0] & 0xff).isEqualTo(0xFF);
        assertThat(r.bytes()[1] & 0xff).isEqualTo(0xD8);
        List<JsonObject> audit = site.audited("camera.snapshot");
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.getString("actor")).isEqualTo("investigator-user");
            assertThat(e.getString("camera")).isEqualTo("cam-a");
            assertThat(e.getString("result")).isEqualTo("ok");
        });
    }

    private static JsonObject cam(JsonObject list, String id) {
        for (Object o : list.getJsonArray("items")) if (id.equals(((JsonObject) o).getString("id"))) return (JsonObject) o;
        throw new AssertionError("no " + id);
    }
}
