package io.warden.adapter.onvif.events;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.adapter.onvif.soap.OnvifHttp;
import io.warden.adapter.onvif.soap.OnvifNs;
import io.warden.adapter.onvif.soap.OnvifSoapClient;
import io.warden.adapter.onvif.soap.OnvifXml;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** The pull-point operations on the wire, and the SOAP client's header/timeout overload they use. */
class OnvifPullPointTest {
    Vertx vertx;
    WireMockServer wm;
    OnvifSoapClient soap;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        wm = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
        // a default request timeout far shorter than the long poll
        soap = new OnvifSoapClient(vertx, new OnvifHttp(vertx, WebClient.create(vertx), Clock.systemUTC()),
                URI.create("http://127.0.0.1:" + wm.port() + "/onvif/device_service"), "admin", "pw",
                new OnvifSoapClient.Options(Duration.ofSeconds(1), 1 << 20));
        wm.stubFor(post(urlPathEqualTo("/onvif/device_service")).withRequestBody(containing("GetSystemDateAndTime"))
                .willReturn(OnvifEventSubscriptionTest.soapOk(OnvifEventSubscriptionTest.systemDateAndTime(Instant.now()))));
        // the first answers of a cold WireMock on a loaded machine can outlast the short timeout: sync once it is warm
        until(() -> soap.syncClock(Instant.now().plusSeconds(5)).toCompletionStage().toCompletableFuture()
                .handle((d, t) -> t == null).get(), "the clock synced");
    }

    @AfterEach
    void tearDown() {
        wm.stop();
        await(vertx.close());
    }

    OnvifPullPoint.Subscription subscription(String address, List<String> params) {
        return new OnvifPullPoint.Subscription(URI.create(address), new OnvifEventParsers.Reference(address, params,
                new OnvifEventParsers.Times(null, null)), true);
    }

    @Test
    void aLongPollOutlivesTheDefaultRequestTimeoutAndCarriesItsHeadersAfterSecurity() {
        wm.stubFor(post(urlPathEqualTo("/sub")).withRequestBody(containing("PullMessages")).willReturn(OnvifEventSubscriptionTest
                .soapOk(OnvifEventSubscriptionTest.pulled(OnvifEventSubscriptionTest.doorMode("Door_1", "Locked", "2025-03-01T10:00:00Z",
                        "Initialized"))).withFixedDelay(2000)));
        String address = "http://127.0.0.1:" + wm.port() + "/sub?Idx=4&k=v";
        OnvifPullPoint pp = new OnvifPullPoint(vertx, soap, false);

        OnvifEventParsers.Pulled p = await(pp.pull(subscription(address, List.of("<x:Id xmlns:x=\"urn:x\" xmlns:wsa=\"" + OnvifNs.WSA
                + "\" wsa:IsReferenceParameter=\"true\">9</x:Id>")), Duration.ofSeconds(2), 100, Instant.now().plusSeconds(10)));

        assertThat(p.messages()).extracting(OnvifNotification::topic).containsExactly("Door/State/DoorMode");
        String body = wm.findAll(postRequestedFor(urlPathEqualTo("/sub"))).get(0).getBodyAsString();
        Element header = OnvifXml.child(OnvifXml.parse(body.getBytes(StandardCharsets.UTF_8)).getDocumentElement(), OnvifNs.SOAP, "Header")
                .orElseThrow();
        assertThat(OnvifXml.elements(header)).extracting(Element::getLocalName).containsExactly("Security", "Action", "To", "Id");
        assertThat(OnvifXml.text(OnvifXml.child(header, OnvifNs.WSA, "To").orElseThrow())).isEqualTo(address);

        // the same device answer is too late for an ordinary call on this client
        Throwable t = awaitFailure(soap.call(URI.create(address), OnvifPullPoint.PULL_ACTION, "<tev:PullMessages xmlns:tev=\""
                + OnvifNs.TEV + "\"/>", Instant.now().plusSeconds(10)));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_TIMEOUT);
    }

    @Test
    void nothingIsSentPastTheDeadline() {
        OnvifPullPoint pp = new OnvifPullPoint(vertx, soap, false);
        Throwable t = awaitFailure(pp.unsubscribe(subscription("http://127.0.0.1:" + wm.port() + "/sub?Idx=1", List.of()),
                Instant.now().minusMillis(1)));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_TIMEOUT);
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/sub")))).isEmpty();
    }

    @Test
    void preservingTheAddressSendsToTheConfiguredHostButKeepsTheDevicesTo() {
        wm.stubFor(post(urlPathEqualTo("/onvif/event_service")).withRequestBody(containing("CreatePullPointSubscription"))
                .willReturn(OnvifEventSubscriptionTest.soapOk(OnvifEventSubscriptionTest.envelope(
                        "<tev:CreatePullPointSubscriptionResponse><tev:SubscriptionReference><wsa:Address>http://10.9.9.9:8080/sub?Idx=5"
                                + "</wsa:Address></tev:SubscriptionReference></tev:CreatePullPointSubscriptionResponse>"))));
        wm.stubFor(post(urlPathEqualTo("/sub")).withRequestBody(containing("Renew")).willReturn(OnvifEventSubscriptionTest
                .soapOk(OnvifEventSubscriptionTest.RENEWED)));
        OnvifPullPoint pp = new OnvifPullPoint(vertx, soap, true);

        OnvifPullPoint.Subscription s = await(pp.subscribe(URI.create("http://127.0.0.1:" + wm.port() + "/onvif/event_service"), null,
                Duration.ofMinutes(1), Instant.now().plusSeconds(5)));
        OnvifEventParsers.Times renewed = await(pp.renew(s, Duration.ofMinutes(1), Instant.now().plusSeconds(5)));

        assertThat(s.target()).isEqualTo(URI.create("http://127.0.0.1:" + wm.port() + "/sub?Idx=5"));
        assertThat(renewed.termination()).isEqualTo(Instant.parse("2025-03-01T10:00:02Z"));
        String create = wm.findAll(postRequestedFor(urlPathEqualTo("/onvif/event_service"))).get(0).getBodyAsString();
        assertThat(create).doesNotContain("Filter").contains("<tev:InitialTerminationTime>PT1M</tev:InitialTerminationTime>");
        String renew = wm.findAll(postRequestedFor(urlPathEqualTo("/sub"))).get(0).getBodyAsString();
        assertThat(renew).contains(">http://10.9.9.9:8080/sub?Idx=5</wsa:To>");
    }
}
