package io.warden.adapter.onvif.soap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.vertx.core.http.HttpMethod;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Regression tests for what the adversarial review of the SOAP client found. */
class OnvifReviewFindingsTest extends OnvifWireMockSupport {
    private static final String PATH = "/onvif/device_service";

    private Instant deadline() {
        return Instant.now().plusSeconds(10);
    }

    private static String challenge(String nonce) {
        return "Digest realm=\"cam\", qop=\"auth\", nonce=\"" + nonce + "\", algorithm=MD5";
    }

    @Test
    void aDigestNonceTheDeviceRotatesWithoutStaleIsAnsweredOnceNotFailedForever() {
        stubClock(Duration.ZERO);
        String op = "GetDeviceInformation";
        wm.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(containing(op)).inScenario("n")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("n1")
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", challenge("n1"))));
        wm.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(containing(op)).inScenario("n")
                .whenScenarioStateIs("n1").withHeader("Authorization", containing("nonce=\"n1\"")).willSetStateTo("expired")
                .willReturn(aResponse().withStatus(200).withBody(DEVICE_INFO)));
        // many cameras rotate the nonce after a while and answer 401 without stale=true
        wm.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(containing(op)).inScenario("n")
                .whenScenarioStateIs("expired").withHeader("Authorization", containing("nonce=\"n1\"")).willSetStateTo("n2")
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", challenge("n2"))));
        wm.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(containing(op)).inScenario("n")
                .whenScenarioStateIs("n2").withHeader("Authorization", containing("nonce=\"n2\""))
                .willReturn(aResponse().withStatus(200).withBody(DEVICE_INFO)));
        OnvifDeviceOps ops = new OnvifDeviceOps(soap, false);

        assertThat(await(ops.deviceInformation(deadline())).manufacturer()).isEqualTo("Acme");
        assertThat(await(ops.deviceInformation(deadline())).manufacturer()).isEqualTo("Acme");
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo(PATH)).withRequestBody(containing(op)))).hasSize(4);
    }

    @Test
    void aWrongPasswordUnderDigestCostsAtMostTwoRequestsPerCall() {
        stubClock(Duration.ZERO);
            wm.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(containing("GetDeviceInformation"))
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", challenge("same"))));
        OnvifDeviceOps ops = new OnvifDeviceOps(soap, false);
        assertThat(WardenException.codeOf(awaitFailure(ops.deviceInformation(deadline())))).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
        int first = wm.findAll(postRequestedFor(urlPathEqualTo(PATH)).withRequestBody(containing("GetDeviceInformation"))).size();
        assertThat(first).isLessThanOrEqualTo(3);
        assertThat(WardenException.codeOf(awaitFailure(ops.deviceInformation(deadline())))).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
        int second = wm.findAll(postRequestedFor(urlPathEqualTo(PATH)).withRequestBody(containing("GetDeviceInformation"))).size();
        assertThat(second - first).isLessThanOrEqualTo(2);
    }

    @Test
    void a200WhoseBodyIsNotTheOperationsResponseIsNotASuccess() {
        stubClock(Duration.ZERO);
        String soap11Fault = envelope("<f:Fault xmlns:f=\"http://schemas.xmlsoap.org/soap/envelope/\"><faultcode>f:Client</faultcode>"
                + "<faultstring>Sender not authorized</faultstring></f:Fault>");
        stubOp("GetDeviceInformation", 200, soap11Fault);
        OnvifDeviceOps ops = new OnvifDeviceOps(soap, false);
        Throwable t = awaitFailure(ops.deviceInformation(deadline()));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        assertThat(t.getMessage()).contains("GetDeviceInformationResponse").contains("Fault");

        wm.resetAll();
        stubClock(Duration.ZERO);
        stubOp("GetDeviceInformation", 200, envelope("<tds:GetSystemDateAndTimeResponse/>"));
        assertThat(WardenException.codeOf(awaitFailure(ops.deviceInformation(deadline())))).isEqualTo(ErrorCode.PROTOCOL_ERROR);
    }

    private OnvifServiceMap search() {
        return OnvifServiceMap.of(device, Map.of(OnvifNs.TSE, device), false);
    }

    @Test
    void aFailedSearchStillEndsItsSessionOnTheDevice() {
        stubClock(Duration.ZERO);
        stubOp("FindRecordings", 200, envelope("<tse:FindRecordingsResponse><tse:SearchToken>0</tse:SearchToken></tse:FindRecordingsResponse>"));
        stubOp("GetRecordingSearchResults", 500, fault("SOAP-ENV:Receiver", "ter:Action", "ter:ResourceProblem", "busy"));
        stubOp("EndSearch", 200, envelope("<tse:EndSearchResponse><tse:Endpoint>2026-12-01T08:00:00Z</tse:Endpoint></tse:EndSearchResponse>"));
        Throwable t = awaitFailure(new OnvifSearchOps(soap, search(), false).findRecordings(null, deadline()));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_REJECTED);
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo(PATH)).withRequestBody(containing("EndSearch")))).hasSize(1);
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo(PATH)).withRequestBody(containing("<tse:SearchToken>0</tse:SearchToken>"))))
                .as("token \"0\" is a token").hasSize(2);
    }

    @Test
    void aSearchThatNeverCompletesStopsAtTheDeadline() {
        stubClock(Duration.ZERO);
        stubOp("FindRecordings", 200, envelope("<tse:FindRecordingsResponse><tse:SearchToken>S1</tse:SearchToken></tse:FindRecordingsResponse>"));
        // each page takes 20 ms, as a device doing some work: the deadline (1.5 s) comes before the page limit (200
        // pages, 4 s); answered at once, a fast machine could reach the page limit first (a PROTOCOL_ERROR)
        wm.stubFor(post(urlPathEqualTo("/onvif/device_service")).withRequestBody(containing("GetRecordingSearchResults")).atPriority(5)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/soap+xml").withFixedDelay(20)
                        .withBody(envelope("<tse:GetRecordingSearchResultsResponse><tse:ResultList>"
                                + "<tt:SearchState>Searching</tt:SearchState></tse:ResultList></tse:GetRecordingSearchResultsResponse>"))));
        Instant started = Instant.now();
        Throwable t = awaitFailure(new OnvifSearchOps(soap, search(), false).findRecordings(null, started.plusMillis(1500)));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_TIMEOUT);
        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aSummaryWithAGarbledCountIsAProtocolErrorNotACrash() {
        stubClock(Duration.ZERO);
        stubOp("GetRecordingSummary", 200, envelope("<tse:GetRecordingSummaryResponse><tse:Summary><tt:DataFrom>2026-12-01T08:00:00Z</tt:DataFrom>"
                + "<tt:DataUntil>2026-12-01T09:00:00Z</tt:DataUntil><tt:NumberRecordings>lots</tt:NumberRecordings></tse:Summary>"
                + "</tse:GetRecordingSummaryResponse>"));
        Throwable t = awaitFailure(new OnvifSearchOps(soap, search(), false).recordingSummary(deadline()));
        assertThat(t).isInstanceOf(WardenException.class);
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
    }

    @Test
    void preserveAddressKeepsIpv6BracketsAndDropsAdvertisedUserinfo() {
        URI configured = URI.create("http://[fd00::31]:8080/onvif/device_service");
        assertThat(OnvifAddress.rewrite(URI.create("http://admin:pw@192.168.0.9/onvif/media?x=1"), configured))
                .isEqualTo(URI.create("http://[fd00::31]:8080/onvif/media?x=1"));
        assertThat(OnvifAddress.rewrite(URI.create("rtsp://admin:pw@192.168.0.9:554/replay/0"), configured))
                .isEqualTo(URI.create("rtsp://[fd00::31]:554/replay/0"));
    }

    @Test
    void absurdlyDeepNestingIsAProtocolErrorNotAStackOverflow() {
        stubClock(Duration.ZERO);
        int depth = 100_000;
        String deep = "<a>".repeat(depth) + "x" + "</a>".repeat(depth);
        stubOp("GetDeviceInformation", 200, envelope("<tds:GetDeviceInformationResponse><tds:Manufacturer>" + deep
                + "</tds:Manufacturer></tds:GetDeviceInformationResponse>"));
        Throwable t = awaitFailure(new OnvifDeviceOps(soap, false).deviceInformation(deadline()));
        assertThat(t).isInstanceOf(WardenException.class);
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
    }

    @Test
    void anOversizedChunkedBodyIsAnErrorNotATruncatedSuccess() {
        byte[] jpeg = new byte[64 * 1024];
        jpeg[0] = (byte) 0xFF;
        jpeg[1] = (byte) 0xD8;
        wm.stubFor(get(urlPathEqualTo("/snap.jpg")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg")
                .withBody(jpeg).withChunkedDribbleDelay(8, 200)));
        URI uri = URI.create("http://127.0.0.1:" + wm.port() + "/snap.jpg");
        Throwable t = awaitFailure(http.exchange(HttpMethod.GET, uri, null, null, deadline(), Duration.ofSeconds(5), 16 * 1024, "snapshot"));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        assertThat(t.getMessage()).contains("larger than");
    }
}
