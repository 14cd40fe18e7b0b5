package io.warden.gateway.demo;

import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.DoorState;
import io.warden.gateway.auth.Role;
import io.warden.gateway.config.GatewayConfig;
import io.warden.gateway.people.Card;
import io.warden.gateway.people.CardStatus;
import io.warden.gateway.people.Directory;
import io.warden.gateway.people.Person;
import io.warden.sim.onvif.door.OnvifDoorControllerSimulator;
import io.warden.sim.osdp.OsdpSimulatedPd;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo end to end in one JVM, as {@code warden demo} runs it: config/demo.yaml's simulated devices
 * over a socat pty and TCP, the gateway and its HTTP API, config/demo-site's people in the directory,
 * the background activity (decided at the readers) and the live view.
 */
@Timeout(180)
class DemoTest {
    private static final Path SITE = Path.of("..", "config", "demo-site");

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> live = new CopyOnWriteArrayList<>();
    private Demo demo;
    private String base;

    @TempDir
    Path dir;

    @AfterEach
    void stop() throws Exception {
        if (demo != null) demo.stop().await(15, TimeUnit.SECONDS);
        vertx.close().await(15, TimeUnit.SECONDS);
    }

    @Test
    void theDemoSiteComesOnlineAnswersTheApiAndHasLifeInIt() throws Exception {
        GatewayConfig config = demoConfigIn(dir);
        demo = Demo.start(vertx, config, dir, SITE, 0, Clock.systemUTC(), live::add).await(60, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + demo.gateway().port();

        // The site's people, cards, calendar, the lost card and the PINs, imported as demo-setup.
        Directory people = demo.gateway().access().directory().current();
        assertThat(people.people()).hasSize(17); // 13 from OneRoster (the guardian is not kept), 4 from people.csv
        assertThat(people.person("s-2003")).map(Person::name).contains("Sam O'Brien");
        assertThat(people.card(DemoPeople.LOST_CARD)).map(Card::status).contains(CardStatus.LOST);
        assertThat(people.card("H10304:5100:70001")).map(Card::personId).contains("fr-officer-kim");
        assertThat(people.person("t-1002").orElseThrow().pinHash()).isNotNull();
        assertThat(people.calendar()).isNotEmpty();
        assertThat(demo.people()).anyMatch(l -> l.contains("OneRoster 1.1") && l.contains("13 people added"))
                .anyMatch(l -> l.contains("people.csv") && l.contains("4 people added"))
                .anyMatch(l -> l.contains("reported lost (Sam O'Brien)"))
                .anyMatch(l -> l.contains("Daniel Reyes") && l.endsWith("2468"));
        assertThat(imports()).hasSize(3);

        until(() -> {
            JsonArray doors = new JsonObject(get("/api/v1/doors", "demo-viewer-token").body()).getJsonArray("items");
            return doors.size() == 14 && doors.stream().allMatch(d -> ((JsonObject) d).getJsonObject("state").getBoolean("online"));
        }, "all 14 doors online");
        // Before the first drill (a minute in) locks the site down: the front desk's pulse is the operator's.
        HttpResponse<String> pulse = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/doors/front-office/pulse"))
                .header("Authorization", "Bearer demo-operator-token").POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(pulse.statusCode()).as(pulse.body()).isEqualTo(200);
        assertThat(new JsonObject(pulse.body()).getString("result")).isEqualTo("confirmed");

        siteLockdownSpansOsdpAndOnvifDoors();
        anOnvifControllersDecisionReachesTheAuditTrail(people);

        assertThat(demo.devices().describeCameras()).hasSize(6)
                .anyMatch(l -> l.startsWith("cam-main-entrance") && l.contains("edge storage") && l.endsWith("doors main-entrance"))
                .anyMatch(l -> l.startsWith("NVR 127.0.0.1:") && l.contains("cam-gym (source gym)") && l.contains("cam-science (source science)"));
        // A camera whose first health check timed out on a busy machine is checked again 10 s later.
        until(() -> {
            JsonArray cams = new JsonObject(get("/api/v1/cameras", "demo-viewer-token").body()).getJsonArray("items");
            return cams.size() == 5 && cams.stream().allMatch(c -> "ONLINE".equals(((JsonObject) c).getJsonObject("health").getString("status")));
        }, "all 5 cameras online", Duration.ofSeconds(60));

        OsdpSimulatedPd installed = demo.devices().pd("line-b", 2);
        assertThat(installed.installMode()).as("gym-west's PD left install mode").isFalse();
        assertThat(installed.currentScbk()).as("gym-west's PD holds the configured key")
                .isEqualTo(HexFormat.of().parseHex(Demo.DEMO_KEYS.get("DEMO_PD_KEY_B2")));
        assertThat(demo.devices().pd("line-b", 1).secureSessionActive()).as("gym-east talks in a secure channel").isTrue();

        // The people at the doors are decided: someone granted, someone (the lost card, a student out of bounds) denied.
        for (String type : List.of("access.granted", "access.denied")) {
            until(() -> items("/api/v1/audit?type=" + type + "&limit=50").stream().map(r -> ((JsonObject) r).getString("actor"))
                    .anyMatch(id -> people.person(id).isPresent()), "an " + type + " of someone in the directory", Duration.ofSeconds(90));
        }

        until(() -> live.stream().anyMatch(l -> l.matches(".*access\\.granted +[a-z-]+ +[A-Z].* \\((staff|student|first responder)\\)  card .*"))
                && live.stream().anyMatch(l -> l.matches(".*door\\.command +front-office +pulse +confirmed +demo-operator")), "the live view's lines");
        assertThat(live).anyMatch(l -> l.contains("people.import") && l.contains("format=oneroster added=13"));
        for (String pin : DemoPeople.PINS.values()) {
            assertThat(live).noneMatch(l -> l.contains(pin));
        }
        assertThat(live).anyMatch(l -> l.contains("device.online") && l.contains("line-b/2") && l.contains("secure channel established"));
        assertThat(live).as("install-mode provisioning in the live view")
                .anyMatch(l -> l.contains("device.key_provisioned") && l.contains("line-b/2") && l.contains("install mode wrote the configured SCBK"));
        for (String key : Demo.DEMO_KEYS.values()) {
            assertThat(live).noneMatch(l -> l.toUpperCase().contains(key.toUpperCase()));
        }

        demo.stop().await(15, TimeUnit.SECONDS);
        assertThat(dir.resolve("data/demo/a")).as("socat's links are gone").doesNotExist();
        assertThat(dir.resolve("data/demo/b")).doesNotExist();

        // A restart with data/ kept finds the people there and imports nothing again.
        demo = Demo.start(vertx, config, dir, SITE, 0, Clock.systemUTC(), live::add).await(60, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + demo.gateway().port();
        assertThat(demo.people().get(0)).contains("17 people").contains("not imported again");
        assertThat(demo.people()).anyMatch(l -> l.contains("Maya Okafor") && l.endsWith("1357"));
        assertThat(imports()).hasSize(3);
    }

    /**
     * A lockdown of the whole site, as the README's curl starts it: every door of the OSDP lines and of the
     * ONVIF controller confirmed with its latency, and the controller itself holds its doors LockedDown.
     */
    private void siteLockdownSpansOsdpAndOnvifDoors() throws Exception {
        HttpResponse<String> started = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/lockdowns"))
                .header("Authorization", "Bearer demo-lockdown-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"level\":\"lockdown\",\"scope\":{\"site\":\"lincoln-ms\"},\"drill\":true,\"reason\":\"test: the whole site\"}"))
                .build());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        JsonObject report = new JsonObject(started.body());
        List<JsonObject> doors = report.getJsonArray("doors").stream().map(JsonObject.class::cast).toList();
        assertThat(doors).extracting(d -> d.getString("id")).hasSize(14)
                .contains("main-entrance", "gym-east", "east-entrance", "east-loading", "art-room", "music-room");
        assertThat(doors).allSatisfy(d -> {
            assertThat(d.getString("status")).as(d.encode()).isEqualTo("confirmed");
            assertThat(d.getLong("latencyMs")).as(d.encode()).isNotNull().isNotNegative();
        });
        OnvifDoorControllerSimulator ctl = demo.devices().controller("ctl-east");
        for (String token : List.of("Door_1", "Door_2", "Door_3", "Door_4")) {
            assertThat(ctl.mode(token)).as("the controller's own view of " + token).isEqualTo(DoorState.Mode.LOCKED_DOWN);
        }
        HttpResponse<String> released = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/lockdowns/" + report.getString("id") + "/release"))
                .header("Authorization", "Bearer demo-lockdown-token").POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
        // Released: unless a drill has begun meanwhile, the controller is told, and its doors leave LockedDown.
        if (new JsonObject(get("/api/v1/lockdowns", "demo-viewer-token").body()).getJsonArray("items").isEmpty()) {
            until(() -> List.of("Door_1", "Door_2", "Door_3", "Door_4").stream().noneMatch(t -> ctl.mode(t) == DoorState.Mode.LOCKED_DOWN),
                    "the controller's doors released");
        }
    }

    /** A card the ONVIF controller decides at its own reader: its grant is on the audit trail at the door, with the holder. */
    private void anOnvifControllersDecisionReachesTheAuditTrail(Directory people) throws Exception {
        Person who = people.person("t-1001").orElseThrow();
        demo.devices().controller("ctl-east").presentCard("Door_3", "cred-test-" + who.id(), who.name(), true, null);
        until(() -> items("/api/v1/audit?type=access.granted&door=art-room&limit=50").stream().map(JsonObject.class::cast)
                .anyMatch(r -> ("token:cred-test-" + who.id()).equals(r.getString("credential"))
                        && r.getString("detail", "").contains("holder " + who.name())), "the controller's grant at art-room in the audit trail");
    }

    private JsonArray imports() throws Exception {
        return items("/api/v1/audit?type=people.import&limit=50");
    }

    private JsonArray items(String path) throws Exception {
        return new JsonObject(get(path, "demo-investigator-token").body()).getJsonArray("items");
    }

    @Test
    void theBannerShowsEveryDemoTokenWithItsRole() throws Exception {
        GatewayConfig config = demoConfigIn(dir);
        assertThat(DemoBanner.demoTokens(config)).containsExactly(
                Map.entry(Role.VIEWER, "demo-viewer-token"), Map.entry(Role.OPERATOR, "demo-operator-token"),
                Map.entry(Role.LOCKDOWN, "demo-lockdown-token"), Map.entry(Role.INVESTIGATOR, "demo-investigator-token"),
                Map.entry(Role.ADMIN, "demo-admin-token"));
        List<String> banner = DemoBanner.lines(config, 8080, List.of("line-a ...", "line-b ..."), List.of("cam-a ..."));
        assertThat(banner).contains("API     http://127.0.0.1:8080/api/v1   (contract: http://127.0.0.1:8080/api/v1/openapi.yaml)");
        assertThat(banner).as("demo.yaml turns the demo sign-in on").contains("Console http://127.0.0.1:8080/   (demo sign-in)");
        assertThat(banner).anyMatch(l -> l.strip().startsWith("curl -s -X POST http://127.0.0.1:8080/api/v1/doors/front-office/pulse")
                && l.contains("Bearer demo-operator-token"));
        assertThat(banner).contains("  cam-a ...");
        // What the demo loaded and its PINs, after the tokens and before the lines to paste.
        assertThat(DemoBanner.lines(config, 8080, List.of(), List.of(), List.of("People  loaded", "PINs    1234")))
                .containsSubsequence("Tokens  (demo only, never on a real site)", "People  loaded", "PINs    1234", "Try:");
        assertThat(banner).anyMatch(l -> l.endsWith("footage request --door main-entrance --last 2m --reason 'demo: who propped the door' --wait"));
        assertThat(banner).anyMatch(l -> l.contains("evidence verify footage.zip") && l.contains("/api/v1/footage/ID/package.zip")
                && l.contains("Bearer demo-investigator-token"));
    }

    @Test
    void theBannersFootageRequestIsAShellLineThatSendsTheLastTwoMinutes() throws Exception {
        List<String> banner = DemoBanner.lines(demoConfigIn(dir), 8080, List.of(), List.of());
        String curl = banner.stream().filter(l -> l.contains("-X POST http://127.0.0.1:8080/api/v1/footage")).findFirst().orElseThrow();
        assertThat(curl).contains("-H 'Authorization: Bearer demo-investigator-token'").contains("-H 'Content-Type: application/json'");
        // What the shell makes of the -d argument: the body curl sends.
        Process sh = new ProcessBuilder("bash", "-c", "printf %s " + curl.substring(curl.indexOf(" -d ") + 4)).start();
        String body = new String(sh.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(sh.waitFor(10, TimeUnit.SECONDS)).isTrue();
        JsonObject json = new JsonObject(body);
        assertThat(json.getJsonArray("doors").getList()).containsExactly("main-entrance");
        assertThat(json.getString("reason")).isNotBlank();
        java.time.Instant from = java.time.Instant.parse(json.getString("from"));
        java.time.Instant to = java.time.Instant.parse(json.getString("to"));
        assertThat(Duration.between(from, to)).isBetween(Duration.ofSeconds(119), Duration.ofSeconds(121));
        assertThat(Duration.between(to, java.time.Instant.now()).abs()).isLessThan(Duration.ofSeconds(10));
    }

    private static GatewayConfig demoConfigIn(Path dir) throws IOException {
        return DemoTestConfig.in(dir);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
