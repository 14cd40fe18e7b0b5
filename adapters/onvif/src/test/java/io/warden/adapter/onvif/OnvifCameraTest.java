package io.warden.adapter.onvif;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.AccessUnit;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.Camera;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.RecordingSpan;
import io.warden.adapter.api.ReplaySink;
import io.warden.adapter.api.VideoFormat;
import io.warden.adapter.api.WardenException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ONVIF camera adapter against a WireMock device: search paging, clipping, snapshot with digest, health. */
class OnvifCameraTest extends OnvifCameraWireMockTestBase<DeviceAdapter> {
    private static final String PATH = "/onvif/device_service";
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    private Camera camera(JsonObject extra) {
        JsonObject o = new JsonObject().put("host", "127.0.0.1").put("port", wm.port()).put("username", "admin")
                .put("passwordSecret", "PW").put("healthIntervalSeconds", 5)
                .put("requestTimeoutMs", 15_000) // a loaded machine; no test here is about the camera's request timeout
                .mergeIn(extra);
        adapter = new OnvifAdapterFactory().create(new AdapterSpec("cam-1", "onvif", o, List.of(), "cameras[0]", AdapterSpec.Role.CAMERA), ctx);
        return adapter.cameras().iterator().next();
    }

    private static String env(String body) {
        return "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:tt=\"http://www.onvif.org/ver10/schema\""
                + " xmlns:tds=\"http://www.onvif.org/ver10/device/wsdl\" xmlns:tse=\"http://www.onvif.org/ver10/search/wsdl\""
                + " xmlns:trp=\"http://www.onvif.org/ver10/replay/wsdl\" xmlns:ter=\"http://www.onvif.org/ver10/error\"><s:Body>"
                + body + "</s:Body></s:Envelope>";
    }

    private void stub(String op, String body) {
        wm.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(containing(op)).atPriority(5)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/soap+xml").withBody(body)));
    }

    private void stubDevice() {
        var now = Instant.now().atZone(ZoneOffset.UTC);
        stub("GetSystemDateAndTime", env("<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:UTCDateTime><tt:Time><tt:Hour>"
                + now.getHour() + "</tt:Hour><tt:Minute>" + now.getMinute() + "</tt:Minute><tt:Second>" + now.getSecond()
                + "</tt:Second></tt:Time><tt:Date><tt:Year>" + now.getYear() + "</tt:Year><tt:Month>" + now.getMonthValue()
                + "</tt:Month><tt:Day>" + now.getDayOfMonth() + "</tt:Day></tt:Date></tt:UTCDateTime></tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>"));
        stub("GetDeviceInformation", env("<tds:GetDeviceInformationResponse><tds:Manufacturer>Acme</tds:Manufacturer><tds:Model>M</tds:Model>"
                + "<tds:FirmwareVersion>1</tds:FirmwareVersion><tds:SerialNumber>S</tds:SerialNumber><tds:HardwareId>H</tds:HardwareId>"
                + "</tds:GetDeviceInformationResponse>"));
        // the device believes it is 192.0.2.1: preserveAddress must bring every call back to WireMock
        String x = "http://192.0.2.1:80" + PATH;
        StringBuilder s = new StringBuilder("<tds:GetServicesResponse>");
        for (String ns : List.of("http://www.onvif.org/ver10/device/wsdl", "http://www.onvif.org/ver10/media/wsdl",
                "http://www.onvif.org/ver10/search/wsdl", "http://www.onvif.org/ver10/replay/wsdl", "http://www.onvif.org/ver10/recording/wsdl")) {
            s.append("<tds:Service><tds:Namespace>").append(ns).append("</tds:Namespace><tds:XAddr>").append(x)
                    .append("</tds:XAddr><tds:Version><tt:Major>2</tt:Major><tt:Minor>42</tt:Minor></tds:Version></tds:Service>");
        }
        stub("GetServices", env(s.append("</tds:GetServicesResponse>").toString()));
    }

    private static String rec(String token, String source, Instant from, Instant to) {
        return "<tt:RecordingInformation><tt:RecordingToken>" + token + "</tt:RecordingToken><tt:Source><tt:SourceId>" + source
                + "</tt:SourceId><tt:Name>n</tt:Name><tt:Location>l</tt:Location><tt:Description>d</tt:Description><tt:Address>a</tt:Address>"
                + "</tt:Source><tt:EarliestRecording>" + from + "</tt:EarliestRecording><tt:LatestRecording>" + to + "</tt:LatestRecording>"
                + "<tt:Content>c</tt:Content><tt:RecordingStatus>Recording</tt:RecordingStatus></tt:RecordingInformation>";
    }

    private void stubSearchInThreePages() {
        stub("FindRecordings", env("<tse:FindRecordingsResponse><tse:SearchToken>S1</tse:SearchToken></tse:FindRecordingsResponse>"));
        String[] pages = {
            "<tt:SearchState>Searching</tt:SearchState>" + rec("R2", "VS_2", T0.minusSeconds(600), T0.plusSeconds(30)),
            "<tt:SearchState>Searching</tt:SearchState>" + rec("R1", "VS_1", T0.plusSeconds(120), T0.plusSeconds(900))
                    + rec("R2", "VS_2", T0.minusSeconds(600), T0.plusSeconds(30)),
            "<tt:SearchState>Completed</tt:SearchState>" + rec("R3", "VS_1", T0.minusSeconds(3600), T0.minusSeconds(60)),
        };
        String[] states = {Scenario.STARTED, "p2", "p3"};
        for (int i = 0; i < 3; i++) {
            wm.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(containing("GetRecordingSearchResults")).atPriority(1)
                    .inScenario("search").whenScenarioStateIs(states[i]).willSetStateTo(i < 2 ? states[i + 1] : "done")
                    .willReturn(aResponse().withStatus(200).withBody(env("<tse:GetRecordingSearchResultsResponse><tse:ResultList>"
                            + pages[i] + "</tse:ResultList></tse:GetRecordingSearchResultsResponse>"))));
        }
        wm.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(containing("EndSearch")).atPriority(1)
                .willReturn(aResponse().withStatus(400).withBody(env("<s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>ter:InvalidArgVal"
                        + "</s:Value><s:Subcode><s:Value>ter:InvalidToken</s:Value></s:Subcode></s:Subcode></s:Code><s:Reason><s:Text xml:lang=\"en\">"
                        + "search completed</s:Text></s:Reason></s:Fault>"))));
    }

    @Test
    void searchLoopsUntilCompletedAndSpansAreClippedDeduplicatedAndSorted() {
        stubDevice();
        stubSearchInThreePages();
        Camera cam = camera(new JsonObject());
        List<RecordingSpan> spans = await(cam.recordings(T0, T0.plusSeconds(600), Instant.now().plusSeconds(10)));
        assertThat(spans).containsExactly(
                new RecordingSpan("R2", T0, T0.plusSeconds(30)),
                new RecordingSpan("R1", T0.plusSeconds(120), T0.plusSeconds(600)));
        wm.verify(3, postRequestedFor(urlPathEqualTo(PATH)).withRequestBody(containing("GetRecordingSearchResults"))
                .withRequestBody(containing("<tse:MinResults>1</tse:MinResults>")).withRequestBody(containing("<tse:MaxResults>50</tse:MaxResults>"))
                .withRequestBody(containing("<tse:WaitTime>PT2S</tse:WaitTime>")));
        wm.verify(postRequestedFor(urlPathEqualTo(PATH)).withRequestBody(containing("<tse:KeepAliveTime>PT10S</tse:KeepAliveTime>")));
        wm.verify(1, postRequestedFor(urlPathEqualTo(PATH)).withRequestBody(containing("EndSearch")));
    }

    @Test
    void aRecorderWithASourceTokenKeepsOnlyThatSourcesRecordings() {
        stubDevice();
        stubSearchInThreePages();
        Camera cam = camera(new JsonObject().put("recorder", new JsonObject().put("host", "127.0.0.1").put("port", wm.port())
                .put("sourceToken", "VS_1")));
        List<RecordingSpan> spans = await(cam.recordings(T0.minusSeconds(7200), T0.plusSeconds(7200), Instant.now().plusSeconds(10)));
        assertThat(spans).extracting(RecordingSpan::recordingToken).containsExactly("R3", "R1");
        assertThat(cam.recorder()).isEqualTo("onvif://127.0.0.1:" + wm.port());
    }

    @Test
    void aWindowWithNothingRecordedIsEmpty() {
        stubDevice();
        stubSearchInThreePages();
        Camera cam = camera(new JsonObject());
        assertThat(await(cam.recordings(T0.plusSeconds(7200), T0.plusSeconds(7300), Instant.now().plusSeconds(10)))).isEmpty();
    }

    @Test
    void replayOfAnUnknownRecordingIsNotFound() {
        stubDevice();
        wm.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(containing("GetReplayUri")).atPriority(1)
                .willReturn(aResponse().withStatus(400).withBody(env("<s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>ter:InvalidArgVal"
                        + "</s:Value><s:Subcode><s:Value>ter:NoRecording</s:Value></s:Subcode></s:Subcode></s:Code><s:Reason><s:Text xml:lang=\"en\">"
                        + "no such recording</s:Text></s:Reason></s:Fault>"))));
        Camera cam = camera(new JsonObject());
        Throwable t = awaitFailure(cam.replay("nope", T0, T0.plusSeconds(10), Instant.now().plusSeconds(10), new ReplaySink() {
            @Override
            public Future<Void> format(VideoFormat format) {
                return Future.succeededFuture();
            }

            @Override
            public Future<Void> accept(AccessUnit unit) {
                return Future.succeededFuture();
            }
        }));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.NOT_FOUND);
        wm.verify(postRequestedFor(urlPathEqualTo(PATH)).withRequestBody(containing("<trp:RecordingToken>nope</trp:RecordingToken>"))
                .withRequestBody(containing("<tt:Stream>RTP-Unicast</tt:Stream>")).withRequestBody(containing("<tt:Protocol>RTSP</tt:Protocol>")));
    }

    @Test
    void snapshotFollowsTheProfileAndAnswersTheDigestChallenge() throws Exception {
        stubDevice();
        try (InputStream in = getClass().getResourceAsStream("/onvif-captures/bosch-flexidome-5100i/GetProfiles.xml")) {
            stub("GetProfiles", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        stub("GetSnapshotUri", env("<trt:GetSnapshotUriResponse xmlns:trt=\"http://www.onvif.org/ver10/media/wsdl\"><trt:MediaUri><tt:Uri>"
                + "http://192.0.2.1/snapshot/0.jpg?a=1&amp;b=2</tt:Uri></trt:MediaUri></trt:GetSnapshotUriResponse>"));
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0, (byte) 0xFF, (byte) 0xD9};
        wm.stubFor(get(urlPathEqualTo("/snapshot/0.jpg")).atPriority(5).willReturn(aResponse().withStatus(401)
                .withHeader("WWW-Authenticate", "Digest realm=\"snap\", nonce=\"n1\", qop=\"auth\"")));
        wm.stubFor(get(urlPathEqualTo("/snapshot/0.jpg")).atPriority(1).withHeader("Authorization", matching("Digest .*uri=\"/snapshot/0.jpg\\?a=1&b=2\".*"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg").withBody(jpeg)));
        Camera cam = camera(new JsonObject());
        Buffer b = await(cam.snapshot(Instant.now().plusSeconds(10)));
        assertThat(b.getBytes()).isEqualTo(jpeg);
        wm.verify(postRequestedFor(urlPathEqualTo(PATH)).withRequestBody(containing("<trt:ProfileToken>0</trt:ProfileToken>")));
        wm.verify(2, getRequestedFor(urlPathEqualTo("/snapshot/0.jpg")));
    }

    @Test
    void aProfileTheDeviceNoLongerHasIsChosenAgainNotCachedForever() throws Exception {
        stubDevice();
        try (InputStream in = getClass().getResourceAsStream("/onvif-captures/bosch-flexidome-5100i/GetProfiles.xml")) {
            stub("GetProfiles", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        stub("GetSnapshotUri", env("<trt:GetSnapshotUriResponse xmlns:trt=\"http://www.onvif.org/ver10/media/wsdl\"><trt:MediaUri><tt:Uri>"
                + "http://192.0.2.1/snap.jpg</tt:Uri></trt:MediaUri></trt:GetSnapshotUriResponse>"));
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9};
        wm.stubFor(get(urlPathEqualTo("/snap.jpg")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg").withBody(jpeg)));
        Camera cam = camera(new JsonObject());
        assertThat(await(cam.snapshot(Instant.now().plusSeconds(10))).getBytes()).isEqualTo(jpeg);

        // the installer rebuilt the profiles: token 0 is gone, P1 is the H.264 one now
        wm.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(containing("<trt:ProfileToken>0</trt:ProfileToken>")).atPriority(1)
                .willReturn(aResponse().withStatus(400).withBody(env("<s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>"
                        + "ter:InvalidArgVal</s:Value><s:Subcode><s:Value>ter:NoProfile</s:Value></s:Subcode></s:Subcode></s:Code>"
                        + "<s:Reason><s:Text xml:lang=\"en\">no such profile</s:Text></s:Reason></s:Fault>"))));
        stub("GetProfiles", env("<trt:GetProfilesResponse xmlns:trt=\"http://www.onvif.org/ver10/media/wsdl\"><trt:Profiles token=\"P1\" fixed=\"false\">"
                + "<tt:Name>main</tt:Name></trt:Profiles></trt:GetProfilesResponse>"));
        Throwable t = awaitFailure(cam.snapshot(Instant.now().plusSeconds(10)));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(await(cam.snapshot(Instant.now().plusSeconds(10))).getBytes()).isEqualTo(jpeg);
        wm.verify(postRequestedFor(urlPathEqualTo(PATH)).withRequestBody(containing("<trt:ProfileToken>P1</trt:ProfileToken>")));
    }

    @Test
    void startWarmsTheJaxbContextSoTheFirstSnapshotDoesNotPayForIt() {
        stubDevice();
        camera(new JsonObject());
        await(adapter.start());
        // seconds on a cold JVM; meaningful when this test runs first (alone), trivially true after others
        until(io.warden.adapter.onvif.soap.OnvifJaxb::ready, "the JAXB context");
    }

    @Test
    void healthIsOnlineWhenTheCameraAnswers() {
        stubDevice();
        camera(new JsonObject());
        await(adapter.start());
        until(() -> adapter.health("cam-1").status() == DeviceHealth.Status.ONLINE, "cam-1 online");
        assertThat(adapter.health("cam-1").reason()).isEqualTo(DeviceHealth.Reason.OK);
        assertThat(adapter.cameras().iterator().next().clockOffset()).isPresent();
    }

    @Test
    void healthSaysConfigurationErrorWhenTheCredentialsAreRefused() {
        stubDevice();
        wm.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(containing("GetDeviceInformation")).atPriority(1)
                .willReturn(aResponse().withStatus(400).withBody(env("<s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>ter:NotAuthorized"
                        + "</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang=\"en\">no</s:Text></s:Reason></s:Fault>"))));
        camera(new JsonObject());
        await(adapter.start());
        until(() -> adapter.health("cam-1").reason() == DeviceHealth.Reason.CONFIGURATION_ERROR, "cam-1 down with a configuration error");
        assertThat(adapter.health("cam-1").detail()).isEqualTo("the camera refuses the credentials");
        assertThat(adapter.health("cam-1").status()).isEqualTo(DeviceHealth.Status.OFFLINE);
    }

    @Test
    void healthSaysLinkDownWhenNothingListens() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        JsonObject o = new JsonObject().put("host", "127.0.0.1").put("port", port).put("username", "admin").put("passwordSecret", "PW");
        adapter = new OnvifAdapterFactory().create(new AdapterSpec("cam-1", "onvif", o, List.of(), "cameras[0]", AdapterSpec.Role.CAMERA), ctx);
        assertThat(adapter.health("cam-1").reason()).isEqualTo(DeviceHealth.Reason.STARTING);
        await(adapter.start());
        until(() -> adapter.health("cam-1").reason() == DeviceHealth.Reason.LINK_DOWN, "cam-1 down with its link");
    }
}
