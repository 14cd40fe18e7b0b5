package io.warden.adapter.onvif.soap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.vertx.ext.web.client.WebClient;
import io.warden.adapter.api.CameraInfo;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnvifSoapClientTest extends OnvifWireMockSupport {

    private Instant deadline() {
        return Instant.now().plusSeconds(20);
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex + " in " + text.length() + " chars").isTrue();
        return m.group(1);
    }

    @Test
    void createdFollowsTheDeviceClockAndIsHashedExactlyAsSent() {
        Duration threeHours = Duration.ofHours(3);
        stubClock(threeHours);
        stubOp("GetDeviceInformation", 200, DEVICE_INFO);
        OnvifDeviceOps ops = new OnvifDeviceOps(soap, false);

        Instant before = Instant.now();
        CameraInfo info = await(ops.deviceInformation(deadline()));
        Instant after = Instant.now();

        assertThat(info).isEqualTo(new CameraInfo("Acme", "Cam 1", "1.0", "SN1", "HW1"));
        assertThat(soap.clockOffset()).hasValueSatisfying(d ->
                assertThat(d.minus(threeHours).abs()).isLessThanOrEqualTo(Duration.ofMillis(1500)));

        LoggedRequest sync = wm.findAll(postRequestedFor(urlPathEqualTo("/onvif/device_service"))
                .withRequestBody(containing("GetSystemDateAndTime"))).get(0);
        assertThat(sync.getBodyAsString()).as("GetSystemDateAndTime is PRE_AUTH").doesNotContain("Security");
        assertThat(sync.getHeader("Authorization")).isNull();

        LoggedRequest req = wm.findAll(postRequestedFor(urlPathEqualTo("/onvif/device_service"))
                .withRequestBody(containing("GetDeviceInformation"))).get(0);
        assertThat(req.getHeader("Content-Type"))
                .isEqualTo("application/soap+xml; charset=utf-8; action=\"http://www.onvif.org/ver10/device/wsdl/GetDeviceInformation\"");
        String body = req.getBodyAsString();
        String created = group(body, "<wsu:Created>([^<]+)</wsu:Created>");
        assertThat(created).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        Instant sentCreated = Instant.parse(created);
        // the device's clock while the request was out: [before, after] + 3 h; it reports whole seconds, hence ± 1 s
        assertThat(sentCreated).isBetween(before.plus(threeHours).minusSeconds(1), after.plus(threeHours).plusSeconds(1));
        byte[] nonce = Base64.getDecoder().decode(group(body, "<wsse:Nonce[^>]*>([^<]+)</wsse:Nonce>"));
        assertThat(nonce).hasSize(16);
        assertThat(group(body, "<wsse:Password[^>]*>([^<]+)</wsse:Password>"))
                .isEqualTo(OnvifWsSecurity.passwordDigest(nonce, created, PASSWORD));
        assertThat(body).contains("<wsse:Username>admin</wsse:Username>").doesNotContain(PASSWORD);
    }

    @Test
    void http401WithChallengeIsAnsweredWithDigestOnly() {
        stubClock(Duration.ZERO);
        wm.stubFor(post(urlPathEqualTo("/onvif/device_service")).withRequestBody(containing("GetDeviceInformation"))
                .inScenario("digest").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("challenged")
                .willReturn(aResponse().withStatus(401)
                        .withHeader("WWW-Authenticate", "Digest realm=\"cam\", qop=\"auth\", nonce=\"abc123\", algorithm=MD5")
                        .withBody("<html><body>401</body></html>")));
        wm.stubFor(post(urlPathEqualTo("/onvif/device_service")).withRequestBody(containing("GetDeviceInformation"))
                .inScenario("digest").whenScenarioStateIs("challenged")
                .withHeader("Authorization", matching("Digest .*"))
                .willReturn(aResponse().withStatus(200).withBody(DEVICE_INFO)));

        CameraInfo info = await(new OnvifDeviceOps(soap, false).deviceInformation(deadline()));
        assertThat(info.manufacturer()).isEqualTo("Acme");

        List<LoggedRequest> reqs = wm.findAll(postRequestedFor(urlPathEqualTo("/onvif/device_service"))
                .withRequestBody(containing("GetDeviceInformation")));
        assertThat(reqs).hasSize(2);
        LoggedRequest retry = reqs.get(1);
        assertThat(retry.getBodyAsString()).as("digest only on the retry").doesNotContain("UsernameToken");
        String auth = retry.getHeader("Authorization");
        String cnonce = group(auth, "cnonce=\"([^\"]+)\"");
        String nc = group(auth, "nc=([0-9a-f]{8})");
        assertThat(group(auth, "uri=\"([^\"]+)\"")).isEqualTo("/onvif/device_service");
        String ha1 = OnvifHttpDigest.hash("MD5", USER + ":cam:" + PASSWORD);
        String ha2 = OnvifHttpDigest.hash("MD5", "POST:/onvif/device_service");
        String expected = OnvifHttpDigest.hash("MD5", ha1 + ":abc123:" + nc + ":" + cnonce + ":auth:" + ha2);
        assertThat(group(auth, "response=\"([0-9a-f]+)\"")).isEqualTo(expected);
        assertThat(nc).isEqualTo("00000001");
    }

    private ErrorCode faultCode(int status, String body, String contentType) {
        stubClock(Duration.ZERO);
        wm.stubFor(post(urlPathEqualTo("/onvif/device_service")).withRequestBody(containing("GetDeviceInformation")).atPriority(5)
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", contentType).withBody(body)));
        Throwable t = awaitFailure(new OnvifDeviceOps(soap, false).deviceInformation(deadline()));
        assertThat(t).isInstanceOf(WardenException.class);
        return WardenException.codeOf(t);
    }

    @Test
    void notAuthorizedUnder400And500IsAnAuthenticationFailure() {
        String na = fault("SOAP-ENV:Sender", "ter:NotAuthorized", null, "Sender not authorized");
        assertThat(faultCode(400, na, "application/soap+xml")).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
        wm.resetAll();
        assertThat(faultCode(500, na, "application/soap+xml")).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
    }

    @Test
    void anHtml401WithoutChallengeIsAnAuthenticationFailure() {
        assertThat(faultCode(401, "<html><head><title>401 Unauthorized</title></head><body>nope</body></html>", "text/html"))
                .isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
        wm.resetAll();
        assertThat(faultCode(401, "", "text/html")).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
    }

    @Test
    void operationFaultsMapToNotFoundUnsupportedAndRejected() {
        assertThat(faultCode(400, fault("SOAP-ENV:Sender", "ter:InvalidArgVal", "ter:NoRecording", "no such"), "application/soap+xml"))
                .isEqualTo(ErrorCode.NOT_FOUND);
        wm.resetAll();
        assertThat(faultCode(500, fault("SOAP-ENV:Sender", "ter:InvalidArgVal", "ter:NoProfile", "no profile"), "application/soap+xml"))
                .isEqualTo(ErrorCode.NOT_FOUND);
        wm.resetAll();
        assertThat(faultCode(400, fault("SOAP-ENV:Sender", "ter:InvalidArgVal", "ter:InvalidToken", "bad"), "application/soap+xml"))
                .isEqualTo(ErrorCode.NOT_FOUND);
        wm.resetAll();
        assertThat(faultCode(400, fault("SOAP-ENV:Sender", "ter:InvalidArgs", "ter:NotFound", "bad"), "application/soap+xml"))
                .isEqualTo(ErrorCode.NOT_FOUND);
        wm.resetAll();
        assertThat(faultCode(500, fault("SOAP-ENV:Receiver", "ter:ActionNotSupported", null, "no"), "application/soap+xml"))
                .isEqualTo(ErrorCode.UNSUPPORTED);
        wm.resetAll();
        stubClock(Duration.ZERO);
        stubOp("GetDeviceInformation", 500, fault("SOAP-ENV:Receiver", "ter:Action", "ter:Failure", "disk on fire"));
        Throwable t = awaitFailure(new OnvifDeviceOps(soap, false).deviceInformation(deadline()));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_REJECTED);
        assertThat(t.getMessage()).contains("Action/Failure").contains("disk on fire").contains("GetDeviceInformation");
    }

    @Test
    void garbageIsAProtocolError() {
        assertThat(faultCode(200, "<not-closed>", "application/soap+xml")).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        wm.resetAll();
        assertThat(faultCode(200, "<a xmlns=\"urn:x\"/>", "application/soap+xml")).isEqualTo(ErrorCode.PROTOCOL_ERROR);
    }

    @Test
    void hostileXmlFromTheDeviceIsRefusedWithoutLeaking(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("passwd");
        Files.writeString(secret, "root:LEAKED-CONTENT");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"" + secret.toUri() + "\">]>"
                + envelope("<tds:GetDeviceInformationResponse><tds:Manufacturer>&e;</tds:Manufacturer></tds:GetDeviceInformationResponse>")
                        .replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "");
        stubClock(Duration.ZERO);
        stubOp("GetDeviceInformation", 200, xxe);
        Throwable t = awaitFailure(new OnvifDeviceOps(soap, false).deviceInformation(deadline()));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        assertThat(t.getMessage()).doesNotContain("LEAKED");

        String lol = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]><l>&d;&d;&d;</l>";
        wm.resetAll();
        stubClock(Duration.ZERO);
        stubOp("GetDeviceInformation", 200, lol);
        assertThat(WardenException.codeOf(awaitFailure(new OnvifDeviceOps(soap, false).deviceInformation(deadline()))))
                .isEqualTo(ErrorCode.PROTOCOL_ERROR);
    }

    @Test
    void anOversizedResponseIsRefused() {
        soap = new OnvifSoapClient(vertx, http, device, USER, PASSWORD, new OnvifSoapClient.Options(Duration.ofSeconds(5), 2048));
        String big = envelope("<tds:GetDeviceInformationResponse><tds:Manufacturer>" + "x".repeat(10_000)
                + "</tds:Manufacturer></tds:GetDeviceInformationResponse>");
        assertThat(faultCode(200, big, "application/soap+xml")).isEqualTo(ErrorCode.PROTOCOL_ERROR);
    }

    @Test
    void getServicesFaultFallsBackToGetCapabilities() throws Exception {
        stubClock(Duration.ZERO);
        stubOp("GetServices", 500, fault("SOAP-ENV:Receiver", "ter:ActionNotSupported", null, "old firmware"));
        byte[] caps = Files.readAllBytes(Path.of(getClass().getResource("/onvif-captures/bosch-flexidome-5100i/GetCapabilities.xml").toURI()));
        stubOp("GetCapabilities", 200, new String(caps, StandardCharsets.UTF_8));

        OnvifServiceMap plain = await(new OnvifDeviceOps(soap, false).services(deadline()));
        assertThat(plain.get(OnvifNs.TSE)).hasValue(java.net.URI.create("http://192.168.1.201/onvif/search_service"));
        assertThat(plain.get(OnvifNs.TRP)).hasValue(java.net.URI.create("http://192.168.1.201/onvif/replay_service"));

        OnvifServiceMap preserved = await(new OnvifDeviceOps(soap, true).services(deadline()));
        assertThat(preserved.get(OnvifNs.TSE)).hasValue(java.net.URI.create("http://127.0.0.1:" + wm.port() + "/onvif/search_service"));
        wm.verify(postRequestedFor(urlPathEqualTo("/onvif/device_service")).withRequestBody(containing("<tds:Category>All</tds:Category>")));
    }

    @Test
    void aDeviceThatDoesNotAnswerTimesOutAtTheDeadline() {
        stubClock(Duration.ZERO);
        await(soap.syncClock(deadline()));
        wm.stubFor(post(urlPathEqualTo("/onvif/device_service")).withRequestBody(containing("GetDeviceInformation"))
                .willReturn(aResponse().withStatus(200).withBody(DEVICE_INFO).withFixedDelay(4000)));
        long t0 = System.nanoTime();
        Throwable t = awaitFailure(new OnvifDeviceOps(soap, false).deviceInformation(Instant.now().plusMillis(600)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_TIMEOUT);
        assertThat(ms).isBetween(450L, 2500L);
    }

    @Test
    void aDeviceThatTricklesItsAnswerStillStopsAtTheDeadline() {
        stubClock(Duration.ZERO);
        await(soap.syncClock(deadline()));
        wm.stubFor(post(urlPathEqualTo("/onvif/device_service")).withRequestBody(containing("GetDeviceInformation"))
                .willReturn(aResponse().withStatus(200).withBody(DEVICE_INFO + " ".repeat(4000)).withChunkedDribbleDelay(40, 6000)));
        long t0 = System.nanoTime();
        Throwable t = awaitFailure(new OnvifDeviceOps(soap, false).deviceInformation(Instant.now().plusMillis(1000)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_TIMEOUT);
        assertThat(ms).isBetween(850L, 3000L);
    }

    @Test
    void pastTheDeadlineNothingIsSent() {
        stubClock(Duration.ZERO);
        stubOp("GetDeviceInformation", 200, DEVICE_INFO);
        Throwable t = awaitFailure(new OnvifDeviceOps(soap, false).deviceInformation(Instant.now().minusMillis(1)));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_TIMEOUT);
        wm.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aRefusedConnectionIsDeviceOffline() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        OnvifSoapClient dead = new OnvifSoapClient(vertx, new OnvifHttp(vertx, WebClient.create(vertx), java.time.Clock.systemUTC()),
                java.net.URI.create("http://127.0.0.1:" + port + "/onvif/device_service"), USER, PASSWORD, OnvifSoapClient.Options.defaults());
        Throwable t = awaitFailure(dead.syncClock(deadline()));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_OFFLINE);
    }
}
