package io.warden.adapter.onvif;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DeviceHealth.Reason;
import io.warden.adapter.api.DeviceHealth.Status;
import io.warden.adapter.onvif.events.OnvifEventSubscription;
import io.warden.adapter.onvif.soap.OnvifNs;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A camera's motion subscription against a WireMock camera that advertises its event service at an address of its
 * own belief (preserveAddress brings it back): the captured motion messages, a camera that forgets the subscription,
 * one whose subscription cannot be re-established, and {@code events: false}.
 */
class OnvifCameraEventsTest extends OnvifCameraWireMockTestBase<OnvifCameraAdapter> {
    private static final String DEVICE = "/onvif/device_service";
    private static final String EVENTS = "/onvif/event_service";
    private static final String SUB = "/onvif/subscription";
    /** Short timings: 60 s granted (no Renew needed), 1 s pulls, lost after 1 s of failing. */
    private static final OnvifEventSubscription.Options SHORT = new OnvifEventSubscription.Options(OnvifCameraMotion.TOPICS,
            Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1));

    private void startCamera(boolean events) {
        JsonObject o = new JsonObject().put("host", "127.0.0.1").put("port", wm.port()).put("username", "admin")
                .put("passwordSecret", "PW").put("healthIntervalSeconds", 5).put("events", events);
        AdapterSpec spec = new AdapterSpec("cam-1", "onvif", o, List.of(), "cameras[0]", AdapterSpec.Role.CAMERA);
        adapter = new OnvifCameraAdapter("cam-1", ctx, OnvifCameraOptions.parse(spec, ctx), SHORT);
        await(adapter.start());
    }

    private static String env(String body) {
        return "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"" + OnvifNs.SOAP + "\" xmlns:tt=\"" + OnvifNs.TT + "\" xmlns:tds=\"" + OnvifNs.TDS
                + "\" xmlns:tev=\"" + OnvifNs.TEV + "\" xmlns:wsnt=\"" + OnvifNs.WSNT + "\" xmlns:wsa=\"" + OnvifNs.WSA + "\" xmlns:tns1=\""
                + OnvifNs.TNS1 + "\" xmlns:ter=\"" + OnvifNs.TER + "\" xmlns:wsrf-rw=\"http://docs.oasis-open.org/wsrf/rw-2\"><s:Body>"
                + body + "</s:Body></s:Envelope>";
    }

    private static ResponseDefinitionBuilder ok(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/soap+xml").withBody(body);
    }

    private static MappingBuilder op(String path, String op) {
        return post(urlPathEqualTo(path)).withRequestBody(containing(op));
    }

    /** Clock, identity and services (the event service included) at 192.0.2.1, where the device believes it is. */
    private void stubDevice() {
        ZonedDateTime now = Instant.now().atZone(ZoneOffset.UTC);
        wm.stubFor(op(DEVICE, "GetSystemDateAndTime").willReturn(ok(env("<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:UTCDateTime>"
                + "<tt:Time><tt:Hour>" + now.getHour() + "</tt:Hour><tt:Minute>" + now.getMinute() + "</tt:Minute><tt:Second>" + now.getSecond()
                + "</tt:Second></tt:Time><tt:Date><tt:Year>" + now.getYear() + "</tt:Year><tt:Month>" + now.getMonthValue() + "</tt:Month><tt:Day>"
                + now.getDayOfMonth() + "</tt:Day></tt:Date></tt:UTCDateTime></tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>"))));
        wm.stubFor(op(DEVICE, "GetDeviceInformation").willReturn(ok(env("<tds:GetDeviceInformationResponse><tds:Manufacturer>Acme</tds:Manufacturer>"
                + "<tds:Model>M</tds:Model><tds:FirmwareVersion>1</tds:FirmwareVersion><tds:SerialNumber>S</tds:SerialNumber>"
                + "<tds:HardwareId>H</tds:HardwareId></tds:GetDeviceInformationResponse>"))));
        StringBuilder s = new StringBuilder("<tds:GetServicesResponse>");
        for (String[] svc : new String[][] {{OnvifNs.TDS, DEVICE}, {OnvifNs.TRT, "/onvif/media"}, {OnvifNs.TEV, EVENTS}}) {
            s.append("<tds:Service><tds:Namespace>").append(svc[0]).append("</tds:Namespace><tds:XAddr>http://192.0.2.1:80").append(svc[1])
                    .append("</tds:XAddr><tds:Version><tt:Major>2</tt:Major><tt:Minor>42</tt:Minor></tds:Version></tds:Service>");
        }
        wm.stubFor(op(DEVICE, "GetServices").willReturn(ok(env(s.append("</tds:GetServicesResponse>").toString()))));
        wm.stubFor(op(SUB, "Renew").willReturn(ok(env("<wsnt:RenewResponse><wsnt:TerminationTime>2025-03-01T10:01:00Z</wsnt:TerminationTime>"
                + "<wsnt:CurrentTime>2025-03-01T10:00:00Z</wsnt:CurrentTime></wsnt:RenewResponse>"))));
        wm.stubFor(op(SUB, "Unsubscribe").willReturn(ok(env("<wsnt:UnsubscribeResponse/>"))));
    }

    private static String created(int idx) {
        return env("<tev:CreatePullPointSubscriptionResponse><tev:SubscriptionReference><wsa:Address>http://192.0.2.1:80" + SUB + "?Idx=" + idx
                + "</wsa:Address></tev:SubscriptionReference><wsnt:CurrentTime>2025-03-01T10:00:00Z</wsnt:CurrentTime>"
                + "<wsnt:TerminationTime>2025-03-01T10:01:00Z</wsnt:TerminationTime></tev:CreatePullPointSubscriptionResponse>");
    }

    private static String pulled(String... messages) {
        return env("<tev:PullMessagesResponse><tev:CurrentTime>2025-03-01T10:00:00Z</tev:CurrentTime><tev:TerminationTime>2025-03-01T10:01:00Z"
                + "</tev:TerminationTime>" + String.join("", messages) + "</tev:PullMessagesResponse>");
    }

    /** A CellMotionDetector message shaped like the capture's. */
    private static String cellMotion(boolean motion, String utc, String op) {
        return "<wsnt:NotificationMessage><wsnt:Topic Dialect=\"http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet\">"
                + "tns1:RuleEngine/CellMotionDetector/Motion</wsnt:Topic><wsnt:Message><tt:Message UtcTime=\"" + utc + "\" PropertyOperation=\""
                + op + "\"><tt:Source><tt:SimpleItem Name=\"VideoSourceConfigurationToken\" Value=\"000\"/>"
                + "<tt:SimpleItem Name=\"VideoAnalyticsConfigurationToken\" Value=\"000\"/><tt:SimpleItem Name=\"Rule\" Value=\"000\"/></tt:Source>"
                + "<tt:Data><tt:SimpleItem Name=\"IsMotion\" Value=\"" + motion + "\"/></tt:Data></tt:Message></wsnt:Message></wsnt:NotificationMessage>";
    }

    private static String capture(String path) throws Exception {
        try (InputStream in = OnvifCameraEventsTest.class.getResourceAsStream("/onvif-captures/" + path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private List<DeviceEvent.Motion> motions() {
        return ctx.events(DeviceEvent.Motion.class);
    }

    private int requests(String path, String op) {
        return wm.findAll(postRequestedFor(urlPathEqualTo(path)).withRequestBody(containing(op))).size();
    }

    @Test
    void theCapturedMotionIsOneEventAndAForgottenSubscriptionsInitializedBurstIsNoSecond() throws Exception {
        stubDevice();
        wm.stubFor(op(EVENTS, "CreatePullPointSubscription").willReturn(ok(created(1))));
        String pulls = "pulls";
        // the agsh capture (two identical IsMotion=true), then the camera forgets the subscription (a reboot), then the
        // new subscription's Initialized burst says the same, then the motion ends
        wm.stubFor(op(SUB, "PullMessages").inScenario(pulls).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("forgotten")
                .willReturn(ok(capture("agsh-onvif-camera/PullMessages.xml"))));
        wm.stubFor(op(SUB, "PullMessages").inScenario(pulls).whenScenarioStateIs("forgotten").willSetStateTo("burst")
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/soap+xml").withBody(env(
                        "<s:Fault><s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value>wsrf-rw:ResourceUnknownFault</s:Value></s:Subcode>"
                        + "</s:Code><s:Reason><s:Text xml:lang=\"en\">No such subscription</s:Text></s:Reason></s:Fault>"))));
        wm.stubFor(op(SUB, "PullMessages").inScenario(pulls).whenScenarioStateIs("burst").willSetStateTo("ends")
                .willReturn(ok(pulled(cellMotion(true, "2025-03-01T10:00:05Z", "Initialized")))));
        wm.stubFor(op(SUB, "PullMessages").inScenario(pulls).whenScenarioStateIs("ends").willSetStateTo("quiet")
                .willReturn(ok(pulled(cellMotion(false, "2025-03-01T10:00:06Z", "Changed")))));
        wm.stubFor(op(SUB, "PullMessages").inScenario(pulls).whenScenarioStateIs("quiet")
                .willReturn(ok(pulled()).withFixedDelay(1000)));
        startCamera(true);

        until(() -> motions().size() == 2, "motion and its end, got " + ctx.events);
        assertThat(requests(EVENTS, "CreatePullPointSubscription")).as("subscribed again after the camera forgot").isEqualTo(2);
        assertThat(motions()).extracting(DeviceEvent.Motion::active).containsExactly(true, false);
        assertThat(motions()).allSatisfy(m -> {
            assertThat(m.deviceId()).isEqualTo("cam-1");
            assertThat(m.source()).isEqualTo("000");
        });
        // the filter went to the wire
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo(EVENTS))).get(0).getBodyAsString())
                .contains("tns1:VideoSource/MotionAlarm|tns1:RuleEngine/CellMotionDetector/Motion");
        until(() -> requests(SUB, "PullMessages") >= 6, "more quiet pulls");
        assertThat(motions()).hasSize(2);
        assertThat(adapter.health("cam-1").status()).isEqualTo(Status.ONLINE);
    }

    @Test
    void aSubscriptionThatCannotBeReEstablishedIsOfflineEventsLostAndComesBack() {
        stubDevice();
        wm.stubFor(op(EVENTS, "CreatePullPointSubscription").atPriority(5).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/soap+xml").withBody(env("<s:Fault><s:Code><s:Value>s:Receiver</s:Value><s:Subcode>"
                        + "<s:Value>ter:Action</s:Value><s:Subcode><s:Value>ter:ResourceProblem</s:Value></s:Subcode></s:Subcode></s:Code>"
                        + "<s:Reason><s:Text xml:lang=\"en\">Too many pull points</s:Text></s:Reason></s:Fault>"))));
        wm.stubFor(op(SUB, "PullMessages").willReturn(ok(pulled()).withFixedDelay(1000)));
        startCamera(true);

        until(() -> adapter.health("cam-1").reason() == Reason.EVENTS_LOST, "EVENTS_LOST, got " + ctx.healths);
        DeviceHealth h = adapter.health("cam-1");
        assertThat(h.status()).isEqualTo(Status.OFFLINE);
        assertThat(h.detail()).contains("Too many pull points").contains("footage and snapshots may still work");
        assertThat(h.clockOffset()).as("the camera answers: its clock is still measured").isNotNull();
        assertThat(ctx.events(DeviceEvent.DeviceOffline.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).startsWith("EVENTS_LOST: "));

        wm.stubFor(op(EVENTS, "CreatePullPointSubscription").atPriority(1).willReturn(ok(created(2))));
        until(() -> adapter.health("cam-1").status() == Status.ONLINE, "ONLINE again, got " + ctx.healths);
        assertThat(adapter.health("cam-1").reason()).isEqualTo(Reason.OK);
        assertThat(ctx.events).filteredOn(e -> e instanceof DeviceEvent.DeviceOnline || e instanceof DeviceEvent.DeviceOffline)
                .extracting(DeviceEvent::type).containsExactly("device.online", "device.offline", "device.online");
    }

    @Test
    void eventsFalseNeverSubscribes() {
        stubDevice();
        wm.stubFor(op(EVENTS, "CreatePullPointSubscription").willReturn(ok(created(1))));
        startCamera(false);
        until(() -> requests(DEVICE, "GetDeviceInformation") >= 2, "two probes");
        assertThat(adapter.health("cam-1").status()).isEqualTo(Status.ONLINE);
        assertThat(requests(EVENTS, "CreatePullPointSubscription")).isZero();
    }
}
