package io.warden.adapter.onvif.events;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.warden.adapter.api.testing.ClosedPort;
import io.warden.adapter.onvif.soap.OnvifHttp;
import io.warden.adapter.onvif.soap.OnvifNs;
import io.warden.adapter.onvif.soap.OnvifSoapClient;
import io.warden.adapter.onvif.soap.OnvifXml;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** The subscription loop against a WireMock device whose pull point long-polls, expires, forgets and refuses. */
class OnvifEventSubscriptionTest {
    static final String TOPICS = "tns1:Door//.|tns1:AccessControl//.";
    static final OnvifEventSubscription.Options SHORT = new OnvifEventSubscription.Options(TOPICS, Duration.ofSeconds(2),
            Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1));
    static final String SUB = "/onvif/subscription";
    static final String EVENTS = "/onvif/event_service";

    Vertx vertx;
    WireMockServer wm;
    OnvifSoapClient soap;
    AtomicReference<URI> eventsXaddr = new AtomicReference<>();
    final Recorder recorder = new Recorder();
    OnvifEventSubscription sub;

    /** What the owner heard, in order. */
    static final class Recorder implements OnvifEventSubscription.Listener {
        final List<OnvifNotification> messages = new CopyOnWriteArrayList<>();
        final List<Boolean> subscribed = new CopyOnWriteArrayList<>();
        final List<String> lost = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public void messages(List<OnvifNotification> m) {
            threads.add(Thread.currentThread().getName());
            messages.addAll(m);
        }

        @Override
        public void subscribed(boolean first) {
            threads.add(Thread.currentThread().getName());
            subscribed.add(first);
        }

        @Override
        public void lost(String reason) {
            threads.add(Thread.currentThread().getName());
            lost.add(reason);
        }
    }

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        wm = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
        URI device = URI.create(base() + "/onvif/device_service");
        soap = new OnvifSoapClient(vertx, new OnvifHttp(vertx, WebClient.create(vertx), Clock.systemUTC()), device, "admin", "pw",
                OnvifSoapClient.Options.defaults());
        eventsXaddr.set(URI.create(base() + EVENTS));
        wm.stubFor(post(urlPathEqualTo("/onvif/device_service")).withRequestBody(containing("GetSystemDateAndTime"))
                .willReturn(soapOk(systemDateAndTime(Instant.now()))));
    }

    @AfterEach
    void tearDown() {
        if (sub != null) await(sub.stop(Instant.now().plusSeconds(2)));
        wm.stop();
        await(vertx.close());
    }

    String base() {
        return "http://127.0.0.1:" + wm.port();
    }

    /** Starts the subscription on a context of its own, as an adapter would. */
    void start(OnvifEventSubscription.Options options) {
        sub = new OnvifEventSubscription(vertx, soap, d -> Future.succeededFuture(eventsXaddr.get()), options, recorder);
        Context ctx = vertx.getOrCreateContext();
        ctx.runOnContext(v -> sub.start());
    }

    static ResponseDefinitionBuilder soapOk(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/soap+xml; charset=utf-8").withBody(body);
    }

    static String envelope(String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><env:Envelope xmlns:env=\"" + OnvifNs.SOAP + "\" xmlns:tt=\"" + OnvifNs.TT
                + "\" xmlns:tds=\"" + OnvifNs.TDS + "\" xmlns:tev=\"" + OnvifNs.TEV + "\" xmlns:wsnt=\"" + OnvifNs.WSNT + "\" xmlns:wsa=\""
                + OnvifNs.WSA + "\" xmlns:tns1=\"" + OnvifNs.TNS1 + "\" xmlns:ter=\"" + OnvifNs.TER
                + "\" xmlns:wsrf-rw=\"http://docs.oasis-open.org/wsrf/rw-2\"><env:Body>" + body + "</env:Body></env:Envelope>";
    }

    static String systemDateAndTime(Instant t) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        return envelope("<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>NTP</tt:DateTimeType>"
                + "<tt:DaylightSavings>false</tt:DaylightSavings><tt:UTCDateTime><tt:Time><tt:Hour>" + z.getHour() + "</tt:Hour><tt:Minute>"
                + z.getMinute() + "</tt:Minute><tt:Second>" + z.getSecond() + "</tt:Second></tt:Time><tt:Date><tt:Year>" + z.getYear()
                + "</tt:Year><tt:Month>" + z.getMonthValue() + "</tt:Month><tt:Day>" + z.getDayOfMonth()
                + "</tt:Day></tt:Date></tt:UTCDateTime></tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>");
    }

    /** A Create answer: address with {@code query}, one reference parameter, 2 s granted. */
    String created(String query) {
        return envelope("<tev:CreatePullPointSubscriptionResponse><tev:SubscriptionReference><wsa:Address>" + base() + SUB + "?"
                + query.replace("&", "&amp;") + "</wsa:Address><wsa:ReferenceParameters><dom:SubscriptionId xmlns:dom=\"urn:vendor:sub\">"
                + query.replace("&", "&amp;") + "-ref</dom:SubscriptionId></wsa:ReferenceParameters></tev:SubscriptionReference>"
                + "<wsnt:CurrentTime>2025-03-01T10:00:00Z</wsnt:CurrentTime><wsnt:TerminationTime>2025-03-01T10:00:02Z</wsnt:TerminationTime>"
                + "</tev:CreatePullPointSubscriptionResponse>");
    }

    static String pulled(String... messages) {
        return envelope("<tev:PullMessagesResponse><tev:CurrentTime>2025-03-01T10:00:00Z</tev:CurrentTime>"
                + "<tev:TerminationTime>2025-03-01T10:00:10Z</tev:TerminationTime>" + String.join("", messages) + "</tev:PullMessagesResponse>");
    }

    static String doorMode(String door, String mode, String utc, String op) {
        return "<wsnt:NotificationMessage><wsnt:Topic Dialect=\"http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet\">"
                + "tns1:Door/State/DoorMode</wsnt:Topic><wsnt:Message><tt:Message UtcTime=\"" + utc + "\" PropertyOperation=\"" + op + "\">"
                + "<tt:Source><tt:SimpleItem Name=\"DoorToken\" Value=\"" + door + "\"/></tt:Source><tt:Data><tt:SimpleItem Name=\"State\" Value=\""
                + mode + "\"/></tt:Data></tt:Message></wsnt:Message></wsnt:NotificationMessage>";
    }

    static final String RENEWED = envelope("<wsnt:RenewResponse><wsnt:TerminationTime>2025-03-01T10:00:02Z</wsnt:TerminationTime>"
            + "<wsnt:CurrentTime>2025-03-01T10:00:00Z</wsnt:CurrentTime></wsnt:RenewResponse>");
    static final String UNSUBSCRIBED = envelope("<wsnt:UnsubscribeResponse/>");
    static final String RESOURCE_UNKNOWN = envelope("<env:Fault><env:Code><env:Value>env:Receiver</env:Value><env:Subcode>"
            + "<env:Value>wsrf-rw:ResourceUnknownFault</env:Value></env:Subcode></env:Code><env:Reason><env:Text xml:lang=\"en\">"
            + "No such subscription</env:Text></env:Reason></env:Fault>");

    MappingBuilder op(String path, String op) {
        return post(urlPathEqualTo(path)).withRequestBody(containing(op));
    }

    /** The device's usual answers: Create (Idx=1), empty pulls after the full Timeout, Renew, Unsubscribe. */
    void stubHealthyDevice() {
        wm.stubFor(op(EVENTS, "CreatePullPointSubscription").atPriority(5).willReturn(soapOk(created("Idx=1"))));
        wm.stubFor(op(SUB, "PullMessages").atPriority(5).willReturn(soapOk(pulled()).withFixedDelay(1000)));
        wm.stubFor(op(SUB, "Renew").atPriority(5).willReturn(soapOk(RENEWED)));
        wm.stubFor(op(SUB, "Unsubscribe").atPriority(5).willReturn(soapOk(UNSUBSCRIBED)));
    }

    List<LoggedRequest> requests(String path, String op) {
        return wm.findAll(postRequestedFor(urlPathEqualTo(path)).withRequestBody(containing(op)));
    }

    static Element header(LoggedRequest r, String ns, String local) {
        Element env = OnvifXml.parse(r.getBodyAsString().getBytes(StandardCharsets.UTF_8)).getDocumentElement();
        return OnvifXml.child(env, OnvifNs.SOAP, "Header").flatMap(h -> OnvifXml.child(h, ns, local))
                .orElseThrow(() -> new AssertionError("no {" + ns + "}" + local + " header in " + r.getBodyAsString()));
    }

    @Test
    void pullsAndRenewsAtTheSubscriptionAddressWithQueryAndReferenceParameters() {
        stubHealthyDevice();
        wm.stubFor(op(EVENTS, "CreatePullPointSubscription").atPriority(1).willReturn(soapOk(created("Idx=7&sub=a b"
                .replace(" ", "%20")))));
        start(SHORT);

        until(() -> requests(SUB, "Renew").size() >= 2 && requests(SUB, "PullMessages").size() >= 2, "two renews and two pulls");

        assertThat(recorder.subscribed).containsExactly(true);
        LoggedRequest create = requests(EVENTS, "CreatePullPointSubscription").get(0);
        assertThat(create.getHeader("Content-Type")).contains("action=\"" + OnvifPullPoint.CREATE_ACTION + "\"");
        assertThat(create.getBodyAsString())
                .contains("<wsnt:TopicExpression Dialect=\"http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet\">"
                        + "tns1:Door//.|tns1:AccessControl//.</wsnt:TopicExpression>")
                .contains("<tev:InitialTerminationTime>PT2S</tev:InitialTerminationTime>");
        String address = base() + SUB + "?Idx=7&sub=a%20b";
        for (LoggedRequest r : requests(SUB, "")) {
            assertThat(r.getUrl()).isEqualTo(SUB + "?Idx=7&sub=a%20b");
            assertThat(OnvifXml.text(header(r, OnvifNs.WSA, "To"))).isEqualTo(address);
            Element ref = header(r, "urn:vendor:sub", "SubscriptionId");
            assertThat(OnvifXml.text(ref)).isEqualTo("Idx=7&sub=a%20b-ref");
            assertThat(ref.getAttributeNS(OnvifNs.WSA, "IsReferenceParameter")).isEqualTo("true");
        }
        LoggedRequest pull = requests(SUB, "PullMessages").get(0);
        assertThat(OnvifXml.text(header(pull, OnvifNs.WSA, "Action"))).isEqualTo(OnvifPullPoint.PULL_ACTION);
        assertThat(pull.getBodyAsString()).contains("<tev:Timeout>PT1S</tev:Timeout>").contains("<tev:MessageLimit>100</tev:MessageLimit>");
        LoggedRequest renew = requests(SUB, "Renew").get(0);
        assertThat(OnvifXml.text(header(renew, OnvifNs.WSA, "Action"))).isEqualTo(OnvifPullPoint.RENEW_ACTION);
        assertThat(renew.getBodyAsString()).contains("<wsnt:TerminationTime>PT2S</wsnt:TerminationTime>");
        assertThat(requests(EVENTS, "CreatePullPointSubscription")).as("no re-subscribe while renewing works").hasSize(1);
        assertThat(recorder.lost).isEmpty();
    }

    @Test
    void resourceUnknownResubscribesTellsTheOwnerAndARedeliveryIsDropped() {
        stubHealthyDevice();
        String m1 = doorMode("Door_1", "Locked", "2025-03-01T10:00:01Z", "Initialized");
        String m2 = doorMode("Door_1", "Unlocked", "2025-03-01T10:00:02Z", "Changed");
        String m3 = doorMode("Door_1", "Locked", "2025-03-01T10:00:03Z", "Changed");
        String s = "restart";
        wm.stubFor(op(EVENTS, "CreatePullPointSubscription").inScenario(s).whenScenarioStateIs(Scenario.STARTED).atPriority(1)
                .willReturn(soapOk(created("Idx=1"))).willSetStateTo("sub1"));
        wm.stubFor(op(SUB, "PullMessages").inScenario(s).whenScenarioStateIs("sub1").atPriority(1)
                .willReturn(soapOk(pulled(m1, m2))).willSetStateTo("sub1-pulled"));
        wm.stubFor(op(SUB, "PullMessages").inScenario(s).whenScenarioStateIs("sub1-pulled").atPriority(1)
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/soap+xml").withBody(RESOURCE_UNKNOWN))
                .willSetStateTo("forgotten"));
        wm.stubFor(op(SUB, "Renew").inScenario(s).whenScenarioStateIs("forgotten").atPriority(1)
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/soap+xml").withBody(RESOURCE_UNKNOWN)));
        wm.stubFor(op(EVENTS, "CreatePullPointSubscription").inScenario(s).whenScenarioStateIs("forgotten").atPriority(1)
                .willReturn(soapOk(created("Idx=2"))).willSetStateTo("sub2"));
        // the restarted device sends its Initialized burst again, the change the loop already delivered, and a new one
        wm.stubFor(op(SUB, "PullMessages").inScenario(s).whenScenarioStateIs("sub2").atPriority(1)
                .willReturn(soapOk(pulled(m2, m3))).willSetStateTo("sub2-pulled"));
        start(SHORT);

        until(() -> recorder.messages.size() >= 3 && recorder.subscribed.size() >= 2, "messages from both subscriptions");
        until(() -> requests(SUB, "PullMessages").size() >= 4, "pulling on the new subscription");

        assertThat(recorder.subscribed).containsExactly(true, false);
        assertThat(recorder.messages).extracting(m -> m.data().get("State") + "@" + m.utcTime())
                .containsExactly("Locked@2025-03-01T10:00:01Z", "Unlocked@2025-03-01T10:00:02Z", "Locked@2025-03-01T10:00:03Z");
        assertThat(requests(EVENTS, "CreatePullPointSubscription")).hasSize(2);
        assertThat(requests(SUB, "Unsubscribe")).as("a forgotten subscription is not unsubscribed").isEmpty();
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo(SUB)).withRequestBody(containing("Idx=2-ref")))).isNotEmpty();
        assertThat(recorder.lost).isEmpty();
        assertThat(recorder.threads).as("one context").allMatch(t -> t.equals(recorder.threads.get(0)));
    }

    @Test
    void aPullFaultOrAnHttpErrorDropsTheSubscriptionFreesItAndSubscribesAgain() {
        stubHealthyDevice();
        String s = "faults";
        wm.stubFor(op(EVENTS, "CreatePullPointSubscription").inScenario(s).whenScenarioStateIs(Scenario.STARTED).atPriority(1)
                .willReturn(soapOk(created("Idx=1"))).willSetStateTo("sub1"));
        wm.stubFor(op(SUB, "PullMessages").inScenario(s).whenScenarioStateIs("sub1").atPriority(1)
                .willReturn(soapOk(pulled())).willSetStateTo("sub1-pulled"));
        // a second pull in flight, as the device sees it: PullMessagesFaultResponse under a Sender fault
        wm.stubFor(op(SUB, "PullMessages").inScenario(s).whenScenarioStateIs("sub1-pulled").atPriority(1)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/soap+xml").withBody(envelope(
                        "<env:Fault><env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>ter:InvalidArgVal</env:Value>"
                                + "</env:Subcode></env:Code><env:Reason><env:Text xml:lang=\"en\">UnableToGetMessages</env:Text></env:Reason>"
                                + "<env:Detail><tev:PullMessagesFaultResponse><tev:MaxTimeout>PT1M</tev:MaxTimeout><tev:MaxMessageLimit>10"
                                + "</tev:MaxMessageLimit></tev:PullMessagesFaultResponse></env:Detail></env:Fault>")))
                .willSetStateTo("faulted"));
        wm.stubFor(op(EVENTS, "CreatePullPointSubscription").inScenario(s).whenScenarioStateIs("faulted").atPriority(1)
                .willReturn(soapOk(created("Idx=2"))).willSetStateTo("sub2"));
        wm.stubFor(op(SUB, "PullMessages").inScenario(s).whenScenarioStateIs("sub2").atPriority(1)
                .willReturn(aResponse().withStatus(503).withBody("busy")).willSetStateTo("busy"));
        wm.stubFor(op(EVENTS, "CreatePullPointSubscription").inScenario(s).whenScenarioStateIs("busy").atPriority(1)
                .willReturn(soapOk(created("Idx=3"))).willSetStateTo("sub3"));
        start(SHORT);

        until(() -> recorder.subscribed.size() == 2 && requests(SUB, "PullMessages").size() >= 4, "the third subscription pulling");

        // the second one never answered a pull: it was never in place
        assertThat(recorder.subscribed).containsExactly(true, false);
        assertThat(requests(EVENTS, "CreatePullPointSubscription")).hasSize(3);
        // the device answered, so each old subscription may still hold a pull point: it is unsubscribed
        assertThat(requests(SUB, "Unsubscribe")).extracting(LoggedRequest::getUrl).containsExactlyInAnyOrder(SUB + "?Idx=1", SUB + "?Idx=2");
        assertThat(recorder.lost).isEmpty();
    }

    @Test
    void aPullWithoutAnswerTimesOutAndIsReplacedByANewSubscription() {
        stubHealthyDevice();
        String s = "silent";
        wm.stubFor(op(EVENTS, "CreatePullPointSubscription").inScenario(s).whenScenarioStateIs(Scenario.STARTED).atPriority(1)
                .willReturn(soapOk(created("Idx=1"))).willSetStateTo("sub1"));
        wm.stubFor(op(SUB, "PullMessages").inScenario(s).whenScenarioStateIs("sub1").atPriority(1)
                .willReturn(soapOk(pulled())).willSetStateTo("sub1-pulled"));
        // the device takes the next pull and never answers within Timeout + the grace the client allows
        wm.stubFor(op(SUB, "PullMessages").inScenario(s).whenScenarioStateIs("sub1-pulled").atPriority(1)
                .willReturn(soapOk(pulled()).withFixedDelay((int) (SHORT.pullTimeout().plus(OnvifPullPoint.PULL_GRACE).toMillis() + 1500)))
                .willSetStateTo("hung"));
        wm.stubFor(op(EVENTS, "CreatePullPointSubscription").inScenario(s).whenScenarioStateIs("hung").atPriority(1)
                .willReturn(soapOk(created("Idx=2"))).willSetStateTo("sub2"));
        start(SHORT);

        until(() -> recorder.subscribed.size() == 2, "re-subscribed after the silent pull");
        assertThat(recorder.subscribed).containsExactly(true, false);
        until(() -> wm.findAll(postRequestedFor(urlPathEqualTo(SUB)).withRequestBody(containing("Idx=2-ref"))).size() >= 1,
                "pulling on the new subscription");
        assertThat(recorder.lost).isEmpty();
    }

    @Test
    void lostOnceWhenTheDeviceKeepsRefusingThenSubscribedAgain() {
        stubHealthyDevice();
        String s = "outage";
        String refusing = "refusing";
        wm.stubFor(op(SUB, "PullMessages").inScenario(s).whenScenarioStateIs(refusing).atPriority(1)
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/soap+xml").withBody(RESOURCE_UNKNOWN)));
        wm.stubFor(op(SUB, "Renew").inScenario(s).whenScenarioStateIs(refusing).atPriority(1)
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/soap+xml").withBody(RESOURCE_UNKNOWN)));
        wm.stubFor(op(EVENTS, "CreatePullPointSubscription").inScenario(s).whenScenarioStateIs(refusing).atPriority(1)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        // (WireMock only moves a scenario to a state some stub names)
        wm.stubFor(op(SUB, "Renew").inScenario(s).whenScenarioStateIs(Scenario.STARTED).atPriority(1).willReturn(soapOk(RENEWED)));
        start(SHORT);
        until(() -> recorder.subscribed.size() == 1, "subscribed");

        Instant refusingSince = Instant.now();
        wm.setScenarioState(s, refusing);
        until(() -> !recorder.lost.isEmpty(), "lost");
        Instant lostAt = Instant.now();
        int createsAtLost = requests(EVENTS, "CreatePullPointSubscription").size();
        until(() -> requests(EVENTS, "CreatePullPointSubscription").size() >= createsAtLost + 2, "still trying to re-subscribe");

        assertThat(Duration.between(refusingSince, lostAt)).isGreaterThanOrEqualTo(SHORT.lostAfter());
        assertThat(recorder.lost).hasSize(1);
        assertThat(recorder.lost.get(0)).startsWith("CreatePullPointSubscription: ");
        assertThat(sub.active()).isFalse();

        wm.setScenarioState(s, Scenario.STARTED);
        until(() -> recorder.subscribed.size() == 2, "subscribed again");
        assertThat(recorder.subscribed).containsExactly(true, false);
        assertThat(recorder.lost).hasSize(1);
        until(() -> sub.active(), "active again");
    }

    @Test
    void aDeviceThatTakesEveryCreateButFailsEveryPullIsLostThenBackWhenPullsWork() {
        stubHealthyDevice();
        String s = "pulls-fail";
        String failing = "failing";
        // Create keeps working; every pull faults: the events are lost though each re-subscribe "succeeds"
        wm.stubFor(op(SUB, "PullMessages").inScenario(s).whenScenarioStateIs(failing).atPriority(1)
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/soap+xml").withBody(envelope(
                        "<env:Fault><env:Code><env:Value>env:Receiver</env:Value><env:Subcode><env:Value>ter:Action</env:Value>"
                                + "</env:Subcode></env:Code><env:Reason><env:Text xml:lang=\"en\">internal error</env:Text></env:Reason>"
                                + "</env:Fault>"))));
        wm.stubFor(op(SUB, "Renew").inScenario(s).whenScenarioStateIs(Scenario.STARTED).atPriority(1).willReturn(soapOk(RENEWED)));
        start(SHORT);
        until(() -> recorder.subscribed.size() == 1, "subscribed");

        Instant failingSince = Instant.now();
        wm.setScenarioState(s, failing);
        until(() -> !recorder.lost.isEmpty(), "lost");
        Instant lostAt = Instant.now();
        int createsAtLost = requests(EVENTS, "CreatePullPointSubscription").size();
        until(() -> requests(EVENTS, "CreatePullPointSubscription").size() >= createsAtLost + 2, "still trying to re-subscribe");

        assertThat(Duration.between(failingSince, lostAt)).isGreaterThanOrEqualTo(SHORT.lostAfter());
        assertThat(recorder.lost).hasSize(1);
        assertThat(recorder.lost.get(0)).startsWith("PullMessages: ").contains("internal error");
        assertThat(recorder.subscribed).as("a subscription whose pulls fail is not announced").containsExactly(true);

        wm.setScenarioState(s, Scenario.STARTED);
        until(() -> recorder.subscribed.size() == 2, "subscribed again once a pull is answered");
        assertThat(recorder.subscribed).containsExactly(true, false);
        assertThat(recorder.lost).hasSize(1);
    }

    @Test
    void identicalMessagesOnOneSubscriptionAreEachDelivered() {
        stubHealthyDevice();
        // whole-second UtcTime, as many devices send: two reads of one card in one second, a door mode flipping there and back
        String granted = "<wsnt:NotificationMessage><wsnt:Topic Dialect=\"" + OnvifPullPoint.CONCRETE_SET + "\">"
                + "tns1:AccessControl/AccessGranted/Credential</wsnt:Topic><wsnt:Message><tt:Message UtcTime=\"2025-03-01T10:00:05Z\">"
                + "<tt:Source><tt:SimpleItem Name=\"AccessPointToken\" Value=\"Door_1-in\"/></tt:Source><tt:Data>"
                + "<tt:SimpleItem Name=\"CredentialToken\" Value=\"Cred_1\"/></tt:Data></tt:Message></wsnt:Message></wsnt:NotificationMessage>";
        String unlocked = doorMode("Door_1", "Unlocked", "2025-03-01T10:00:06Z", "Changed");
        String locked = doorMode("Door_1", "Locked", "2025-03-01T10:00:06Z", "Changed");
        String s = "same-second";
        wm.stubFor(op(SUB, "PullMessages").inScenario(s).whenScenarioStateIs(Scenario.STARTED).atPriority(1)
                .willReturn(soapOk(pulled(granted, granted, unlocked))).willSetStateTo("second"));
        wm.stubFor(op(SUB, "PullMessages").inScenario(s).whenScenarioStateIs("second").atPriority(1)
                .willReturn(soapOk(pulled(locked, unlocked))).willSetStateTo("quiet"));
        start(SHORT);

        until(() -> requests(SUB, "PullMessages").size() >= 3, "three pulls");
        assertThat(recorder.messages).extracting(m -> m.topic() + "=" + m.data().values())
                .containsExactly("AccessControl/AccessGranted/Credential=[Cred_1]", "AccessControl/AccessGranted/Credential=[Cred_1]",
                        "Door/State/DoorMode=[Unlocked]", "Door/State/DoorMode=[Locked]", "Door/State/DoorMode=[Unlocked]");
    }

    @Test
    void aRefusedConnectionIsLostNamingTheCause() {
        try (ClosedPort closed = new ClosedPort()) {
            eventsXaddr.set(URI.create("http://127.0.0.1:" + closed.port() + EVENTS));
            start(SHORT);
            until(() -> !recorder.lost.isEmpty(), "lost");
            assertThat(recorder.lost).hasSize(1);
            assertThat(recorder.lost.get(0)).contains("CreatePullPointSubscription").contains("cannot connect");
            assertThat(recorder.subscribed).isEmpty();
        }
        // the device comes up at its new address: first subscription
        stubHealthyDevice();
        eventsXaddr.set(URI.create(base() + EVENTS));
        until(() -> recorder.subscribed.size() == 1, "subscribed");
        assertThat(recorder.subscribed).containsExactly(true);
    }

    @Test
    void aDeviceThatFaultsOnTheFilterIsSubscribedWithoutOne() {
        stubHealthyDevice();
        wm.stubFor(op(EVENTS, "TopicExpression").atPriority(1).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/soap+xml").withBody(envelope("<env:Fault><env:Code><env:Value>env:Sender</env:Value>"
                        + "<env:Subcode><env:Value>wsnt:InvalidTopicExpressionFault</env:Value></env:Subcode></env:Code><env:Reason>"
                        + "<env:Text xml:lang=\"en\">bad filter</env:Text></env:Reason></env:Fault>"))));
        start(SHORT);
        until(() -> recorder.subscribed.size() == 1, "subscribed");
        until(() -> requests(SUB, "PullMessages").size() >= 1, "pulling");
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo(EVENTS)).withRequestBody(notContaining("TopicExpression")))).hasSize(1);
        assertThat(recorder.lost).isEmpty();
    }

    @Test
    void aStopWhileTheEventServiceIsLookedUpSendsNoCreate() throws Exception {
        stubHealthyDevice();
        await(soap.syncClock(Instant.now().plusSeconds(10))); // a warm device and a synced client: a Create would go at once
        Promise<URI> lookup = Promise.promise();
        AtomicBoolean asked = new AtomicBoolean();
        sub = new OnvifEventSubscription(vertx, soap, d -> {
            asked.set(true);
            return lookup.future();
        }, SHORT, recorder);
        vertx.getOrCreateContext().runOnContext(v -> sub.start());
        until(asked::get, "looking up the event service");

        await(sub.stop(Instant.now().plusSeconds(2)));
        lookup.complete(eventsXaddr.get());
        // absence can only be watched over a window: a Create would be on the wire at once
        Thread.sleep(1_000);
        assertThat(requests(EVENTS, "CreatePullPointSubscription")).as("Create after stop").isEmpty();
        assertThat(recorder.subscribed).isEmpty();
        sub = null;
    }

    @Test
    void stopUnsubscribesAndThenNothingIsSent() throws Exception {
        stubHealthyDevice();
        start(SHORT);
        until(() -> requests(SUB, "PullMessages").size() >= 1, "pulling");

        await(sub.stop(Instant.now().plusSeconds(2)));
        List<LoggedRequest> unsub = requests(SUB, "Unsubscribe");
        assertThat(unsub).hasSize(1);
        assertThat(OnvifXml.text(header(unsub.get(0), OnvifNs.WSA, "Action"))).isEqualTo(OnvifPullPoint.UNSUBSCRIBE_ACTION);
        assertThat(header(unsub.get(0), "urn:vendor:sub", "SubscriptionId").getAttributeNS(OnvifNs.WSA, "IsReferenceParameter"))
                .isEqualTo("true");
        assertThat(unsub.get(0).getUrl()).isEqualTo(SUB + "?Idx=1");
        assertThat(sub.active()).isFalse();
        int after = wm.getAllServeEvents().size();
        // absence can only be watched over a window: it covers the pull still in flight (1 s) and a renew or retry after it
        Thread.sleep(1_500);
        List<String> late = new ArrayList<>();
        wm.getAllServeEvents().stream().limit(wm.getAllServeEvents().size() - after).forEach(e -> late.add(e.getRequest().getBodyAsString()));
        assertThat(late).as("requests after stop").isEmpty();
        sub = null;
    }
}
