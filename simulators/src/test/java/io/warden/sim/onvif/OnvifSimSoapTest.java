package io.warden.sim.onvif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.adapter.onvif.soap.OnvifNs;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SOAP 1.2 handling: envelope version, QName routing, hostile XML, size cap, faults, device faults. */
class OnvifSimSoapTest extends OnvifSimTestBase {

    @Test
    void soap11EnvelopeGetsVersionMismatch() throws Exception {
        String soap11 = "<s:Envelope xmlns:s=\"" + OnvifNs.SOAP11 + "\"><s:Body>"
                + "<GetSystemDateAndTime xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/></s:Body></s:Envelope>";
        OnvifSimTestClient.Reply r = client.post("/onvif/device_service", soap11, Map.of("Content-Type", "text/xml; charset=utf-8"));
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.faultCodes()).containsExactly("env:VersionMismatch");
        assertThat(r.body()).contains("SupportedEnvelope");
    }

    @Test
    void routesOnTheBodyQNameNotTheAction() throws Exception {
        String env = OnvifSimTestClient.envelope(OnvifSimTestClient.token(USER, PASSWORD, sim.deviceNow()), TDS);
        OnvifSimTestClient.Reply r = client.post("/onvif/media_service", env, Map.of("Content-Type",
                "application/soap+xml; charset=utf-8; action=\"http://www.onvif.org/ver10/media/wsdl/GetProfiles\"",
                "SOAPAction", "\"http://example.invalid/Bogus\""));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.op().getLocalName()).isEqualTo("GetDeviceInformationResponse");
        assertThat(r.text(OnvifNs.TDS, "Manufacturer")).isEqualTo("Warden");
    }

    @Test
    void unknownOperationIsActionNotSupported() throws Exception {
        OnvifSimTestClient.Reply r = call("<GetImagingSettings xmlns=\"http://www.onvif.org/ver20/imaging/wsdl\"><VideoSourceToken>x</VideoSourceToken></GetImagingSettings>");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.faultCodes()).containsExactly("env:Receiver", "ter:ActionNotSupported");
        // The same local name in the wrong namespace is another operation.
        OnvifSimTestClient.Reply wrongNs = call("<GetDeviceInformation xmlns=\"http://www.onvif.org/ver10/media/wsdl\"/>");
        assertThat(wrongNs.faultCodes()).containsExactly("env:Receiver", "ter:ActionNotSupported");
    }

    @Test
    void doctypeAndEntityExpansionAreRefusedAsNotWellFormed() throws Exception {
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;\">]>"
                + OnvifSimTestClient.envelope("", "<GetSystemDateAndTime xmlns=\"http://www.onvif.org/ver10/device/wsdl\">&lol2;</GetSystemDateAndTime>");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + OnvifSimTestClient.envelope("", "<GetSystemDateAndTime xmlns=\"http://www.onvif.org/ver10/device/wsdl\">&xxe;</GetSystemDateAndTime>");
        for (String hostile : new String[] {laughs, xxe, "<s:Envelope xmlns:s=\"" + OnvifNs.SOAP + "\"><s:Body>"}) {
            OnvifSimTestClient.Reply r = client.post("/onvif/device_service", hostile, Map.of());
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.faultCodes()).containsExactly("env:Sender", "ter:WellFormed");
            assertThat(r.body()).doesNotContain("root:");
        }
    }

    @Test
    void deepNestingIsRefusedAsNotWellFormed() throws Exception {
        String deep = "<a>".repeat(5000) + "</a>".repeat(5000);
        OnvifSimTestClient.Reply r = call("<GetRecordingInformation xmlns=\"http://www.onvif.org/ver10/search/wsdl\"><RecordingToken>"
                + deep + "</RecordingToken></GetRecordingInformation>");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.faultCodes()).containsExactly("env:Sender", "ter:WellFormed");
    }

    @Test
    void bodyOverOneMegabyteIsRefusedWith413() throws Exception {
        String big = OnvifSimTestClient.envelope("", "<GetSystemDateAndTime xmlns=\"http://www.onvif.org/ver10/device/wsdl\">"
                + "x".repeat(OnvifSimEndpoint.MAX_BODY) + "</GetSystemDateAndTime>");
        try {
            assertThat(client.post("/onvif/device_service", big, Map.of()).status()).isEqualTo(413);
        } catch (IOException e) {
            // The connection may close while the client still writes: also a refusal.
            assertThat(e).isNotNull();
        }
        // The simulator is fine afterwards.
        assertThat(call(TDS).status()).isEqualTo(200);
    }

    @Test
    void bodyWithTwoOperationsOrAnUnknownMustUnderstandHeaderIsRefused() throws Exception {
        OnvifSimTestClient.Reply two = call(TDS + TDS);
        assertThat(two.status()).isEqualTo(400);
        assertThat(two.faultCodes()).containsExactly("env:Sender", "ter:InvalidArgs");
        String header = "<x:Billing xmlns:x=\"urn:example\" s:mustUnderstand=\"true\">1</x:Billing>";
        OnvifSimTestClient.Reply mu = client.post(OnvifSimTestClient.envelope(header, TDS));
        assertThat(mu.status()).isEqualTo(500);
        assertThat(mu.faultCodes()).containsExactly("env:MustUnderstand");
    }

    @Test
    void operationFaultsCarryTheirSubcodes() throws Exception {
        OnvifSimTestClient.Reply noProfile = call("<GetSnapshotUri xmlns=\"http://www.onvif.org/ver10/media/wsdl\"><ProfileToken>nope</ProfileToken></GetSnapshotUri>");
        assertThat(noProfile.status()).isEqualTo(400);
        assertThat(noProfile.faultCodes()).containsExactly("env:Sender", "ter:InvalidArgVal", "ter:NoProfile");
        OnvifSimTestClient.Reply noRecording = call("<GetReplayUri xmlns=\"http://www.onvif.org/ver10/replay/wsdl\" xmlns:tt=\"http://www.onvif.org/ver10/schema\">"
                + "<StreamSetup><tt:Stream>RTP-Unicast</tt:Stream><tt:Transport><tt:Protocol>RTSP</tt:Protocol></tt:Transport></StreamSetup>"
                + "<RecordingToken>Recording_9</RecordingToken></GetReplayUri>");
        assertThat(noRecording.status()).isEqualTo(400);
        assertThat(noRecording.faultCodes()).containsExactly("env:Sender", "ter:InvalidArgVal", "ter:NoRecording");
        assertThat(noRecording.text(OnvifNs.SOAP, "Text")).contains("Recording_9");
        OnvifSimTestClient.Reply multicast = call("<GetReplayUri xmlns=\"http://www.onvif.org/ver10/replay/wsdl\" xmlns:tt=\"http://www.onvif.org/ver10/schema\">"
                + "<StreamSetup><tt:Stream>RTP-Multicast</tt:Stream><tt:Transport><tt:Protocol>UDP</tt:Protocol></tt:Transport></StreamSetup>"
                + "<RecordingToken>Recording_1</RecordingToken></GetReplayUri>");
        assertThat(multicast.faultCodes()).containsExactly("env:Sender", "ter:InvalidArgVal", "ter:InvalidStreamSetup");
    }

    @Test
    void offlineRefusesConnectionsAndDelayIsHonoured() throws Exception {
        sim.config().faults().offline = true;
        assertThatThrownBy(() -> call(TDS)).isInstanceOf(IOException.class);
        sim.config().faults().offline = false;
        assertThat(call(TDS).status()).isEqualTo(200);
        sim.config().faults().responseDelay = Duration.ofMillis(400);
        long t0 = System.nanoTime();
        assertThat(call(TDS).status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void otherPathsAndMethodsAreRefused() throws Exception {
        assertThat(client.get("/onvif/device_service", Map.of()).status()).isEqualTo(405);
        assertThat(client.get("/index.html", Map.of()).status()).isEqualTo(404);
    }
}
