package io.warden.sim.onvif;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.adapter.onvif.soap.OnvifNs;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** WS-Security UsernameToken and HTTP Digest on SOAP (onvif.md §1.2–1.4). */
class OnvifSimAuthTest extends OnvifSimTestBase {
    /** One request body per operation that needs credentials, and the reply element it must produce. */
    static final List<String[]> PROTECTED = List.of(
            op("http://www.onvif.org/ver10/device/wsdl", "GetDeviceInformation", ""),
            op("http://www.onvif.org/ver10/device/wsdl", "GetScopes", ""),
            op("http://www.onvif.org/ver10/media/wsdl", "GetProfiles", ""),
            op("http://www.onvif.org/ver10/media/wsdl", "GetVideoSources", ""),
            op("http://www.onvif.org/ver10/media/wsdl", "GetStreamUri", "<StreamSetup><Stream xmlns=\"http://www.onvif.org/ver10/schema\">"
                    + "RTP-Unicast</Stream><Transport xmlns=\"http://www.onvif.org/ver10/schema\"><Protocol>RTSP</Protocol></Transport>"
                    + "</StreamSetup><ProfileToken>Profile_1</ProfileToken>"),
            op("http://www.onvif.org/ver10/media/wsdl", "GetSnapshotUri", "<ProfileToken>Profile_1</ProfileToken>"),
            op("http://www.onvif.org/ver20/media/wsdl", "GetProfiles", "<Type>All</Type>"),
            op("http://www.onvif.org/ver20/media/wsdl", "GetStreamUri", "<Protocol>RTSP</Protocol><ProfileToken>Profile_1</ProfileToken>"),
            op("http://www.onvif.org/ver20/media/wsdl", "GetSnapshotUri", "<ProfileToken>Profile_1</ProfileToken>"),
            op("http://www.onvif.org/ver10/search/wsdl", "FindRecordings", "<Scope/><KeepAliveTime>PT10S</KeepAliveTime>"),
            op("http://www.onvif.org/ver10/search/wsdl", "GetRecordingSummary", ""),
            op("http://www.onvif.org/ver10/search/wsdl", "GetRecordingInformation", "<RecordingToken>Recording_1</RecordingToken>"),
            op("http://www.onvif.org/ver10/recording/wsdl", "GetRecordings", ""),
            op("http://www.onvif.org/ver10/replay/wsdl", "GetReplayUri", "<StreamSetup><Stream xmlns=\"http://www.onvif.org/ver10/schema\">"
                    + "RTP-Unicast</Stream><Transport xmlns=\"http://www.onvif.org/ver10/schema\"><Protocol>RTSP</Protocol></Transport>"
                    + "</StreamSetup><RecordingToken>Recording_1</RecordingToken>"),
            op("http://www.onvif.org/ver10/events/wsdl", "CreatePullPointSubscription", ""));

    static String[] op(String ns, String name, String inner) {
        return new String[] {name, "<" + name + " xmlns=\"" + ns + "\">" + inner + "</" + name + ">", ns};
    }

    @Test
    void everyProtectedOperationRefusesAnonymousAndAnswersWithAToken() throws Exception {
        for (String[] op : PROTECTED) {
            OnvifSimTestClient.Reply anon = anon(op[1]);
            assertThat(anon.status()).as(op[0] + " anonymous").isEqualTo(401);
            assertThat(anon.header("WWW-Authenticate")).as(op[0]).startsWith("Digest ").contains("qop=\"auth\"");
            assertThat(anon.faultCodes()).as(op[0]).containsExactly("env:Sender", "ter:NotAuthorized");

            OnvifSimTestClient.Reply ok = call(op[1]);
            assertThat(ok.status()).as(op[0] + " with token: " + ok.body()).isEqualTo(200);
            assertThat(ok.op().getLocalName()).isEqualTo(op[0] + "Response");
            assertThat(ok.op().getNamespaceURI()).isEqualTo(op[2]);
        }
    }

    @Test
    void sessionOperationsRefuseAnonymousBeforeLookingAtTheirToken() throws Exception {
        List<String[]> ops = List.of(
                op("http://www.onvif.org/ver10/search/wsdl", "GetRecordingSearchResults", "<SearchToken>x</SearchToken>"),
                op("http://www.onvif.org/ver10/search/wsdl", "EndSearch", "<SearchToken>x</SearchToken>"),
                op("http://www.onvif.org/ver10/events/wsdl", "PullMessages", "<Timeout>PT1S</Timeout><MessageLimit>1</MessageLimit>"),
                op("http://docs.oasis-open.org/wsn/b-2", "Unsubscribe", ""),
                op("http://www.onvif.org/ver20/media/wsdl", "GetVideoSourceConfigurations", ""),
                op("http://www.onvif.org/ver20/imaging/wsdl", "GetImagingSettings", ""));
        for (String[] op : ops) {
            OnvifSimTestClient.Reply r = anon(op[1]);
            assertThat(r.status()).as(op[0]).isEqualTo(401);
            assertThat(r.faultCodes()).as(op[0]).containsExactly("env:Sender", "ter:NotAuthorized");
        }
    }

    @Test
    void preAuthOperationsNeedNoCredentials() throws Exception {
        String[][] ops = {
            {"GetSystemDateAndTime", "<GetSystemDateAndTime xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/>"},
            {"GetServices", "<GetServices xmlns=\"http://www.onvif.org/ver10/device/wsdl\"><IncludeCapability>false</IncludeCapability></GetServices>"},
            {"GetCapabilities", "<GetCapabilities xmlns=\"http://www.onvif.org/ver10/device/wsdl\"><Category>All</Category></GetCapabilities>"},
            {"GetServiceCapabilities", "<GetServiceCapabilities xmlns=\"http://www.onvif.org/ver10/search/wsdl\"/>"},
            {"GetServiceCapabilities", "<GetServiceCapabilities xmlns=\"http://www.onvif.org/ver10/replay/wsdl\"/>"},
            {"GetWsdlUrl", "<GetWsdlUrl xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/>"},
        };
        for (String[] op : ops) {
            OnvifSimTestClient.Reply r = anon(op[1]);
            assertThat(r.status()).as(op[0] + ": " + r.body()).isEqualTo(200);
            assertThat(r.op().getLocalName()).isEqualTo(op[0] + "Response");
        }
    }

    @Test
    void digestMatchesTheVectorsOfOnvifMd() {
        byte[] nonce = Base64.getDecoder().decode("Nzg1MDE2OTYz");
        assertThat(Base64.getEncoder().encodeToString(OnvifSimWsSecurity.digest(nonce, "2014-12-24T16:20:37.475Z", "9999".getBytes())))
                .isEqualTo("5y9Zcgk2iMChJdQw/yOKEtqsI/0=");
        byte[] counting = new byte[16];
        for (int i = 0; i < 16; i++) counting[i] = (byte) i;
        assertThat(Base64.getEncoder().encodeToString(OnvifSimWsSecurity.digest(counting, "2025-03-01T10:00:00Z", "s3cret".getBytes())))
                .isEqualTo("qxhsw/TiRn11jtQS8EAWBmJXJcM=");
    }

    @Test
    void wrongPasswordAndOtherCaseUsernameAreRefusedWith400() throws Exception {
        for (String[] cred : new String[][] {{USER, "wrong"}, {"Admin", PASSWORD}}) {
            OnvifSimTestClient.Reply r = client.post(OnvifSimTestClient.envelope(
                    OnvifSimTestClient.token(cred[0], cred[1], sim.deviceNow()), TDS));
            assertThat(r.status()).as(cred[0] + "/" + cred[1]).isEqualTo(400);
            assertThat(r.faultCodes()).containsExactly("env:Sender", "ter:NotAuthorized");
        }
    }

    @Test
    void aReplayedNonceIsRefused() throws Exception {
        String header = OnvifSimTestClient.token(USER, PASSWORD, sim.deviceNow());
        assertThat(client.post(OnvifSimTestClient.envelope(header, TDS)).status()).isEqualTo(200);
        OnvifSimTestClient.Reply again = client.post(OnvifSimTestClient.envelope(header, TDS));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("replay");
    }

    @Test
    void createdMustBeWithinFiveMinutesOfTheDevice() throws Exception {
        for (Duration off : List.of(Duration.ofMinutes(-6), Duration.ofMinutes(6))) {
            OnvifSimTestClient.Reply r = client.post(OnvifSimTestClient.envelope(
                    OnvifSimTestClient.token(USER, PASSWORD, sim.deviceNow().plus(off)), TDS));
            assertThat(r.status()).as(off.toString()).isEqualTo(400);
            assertThat(r.faultCodes()).containsExactly("env:Sender", "ter:NotAuthorized");
        }
        for (Duration off : List.of(Duration.ofMinutes(-4), Duration.ofMinutes(4))) {
            assertThat(client.post(OnvifSimTestClient.envelope(
                    OnvifSimTestClient.token(USER, PASSWORD, sim.deviceNow().plus(off)), TDS)).status()).as(off.toString()).isEqualTo(200);
        }
    }

    @Test
    void nonceCacheForgetsTokensOnceOutsideTheWindow() {
        OnvifSimWsSecurity ws = new OnvifSimWsSecurity(USER, PASSWORD, Duration.ofMinutes(5));
        ws.verify(security(clock.instant()), clock.instant());
        ws.verify(security(clock.instant()), clock.instant());
        assertThat(ws.cachedNonces()).isEqualTo(2);
        java.time.Instant later = clock.instant().plus(Duration.ofMinutes(6));
        ws.verify(security(later), later);
        assertThat(ws.cachedNonces()).as("the first two left with their window").isEqualTo(1);
    }

    private static org.w3c.dom.Element security(java.time.Instant created) {
        byte[] xml = OnvifSimTestClient.envelope(OnvifSimTestClient.token(USER, PASSWORD, created), TDS).getBytes();
        return (org.w3c.dom.Element) OnvifSimXml.parse(xml).getElementsByTagNameNS(OnvifNs.WSSE, "Security").item(0);
    }

    @Test
    void tokenWithoutNonceOrCreatedIsRefused() throws Exception {
        String full = OnvifSimTestClient.token(USER, PASSWORD, sim.deviceNow());
        String noNonce = full.replaceAll("<wsse:Nonce[^>]*>[^<]*</wsse:Nonce>", "");
        String noCreated = full.replaceAll("<wsu:Created>[^<]*</wsu:Created>", "");
        for (String h : List.of(noNonce, noCreated)) {
            OnvifSimTestClient.Reply r = client.post(OnvifSimTestClient.envelope(h, TDS));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.faultCodes()).containsExactly("env:Sender", "ter:NotAuthorized");
        }
    }

    @Test
    void clockSkewIsReportedAndEnforced() throws Exception {
        sim.config().faults().clockSkew = Duration.ofMinutes(10);
        OnvifSimTestClient.Reply time = anon("<GetSystemDateAndTime xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/>");
        assertThat(time.texts(OnvifNs.TT, "Minute").get(0)).isEqualTo("10");
        assertThat(time.texts(OnvifNs.TT, "Hour").get(0)).isEqualTo("10");
        // A client trusting its own clock (T0) is 10 minutes off and refused; one applying the offset passes.
        OnvifSimTestClient.Reply naive = client.post(OnvifSimTestClient.envelope(OnvifSimTestClient.token(USER, PASSWORD, T0), TDS));
        assertThat(naive.status()).isEqualTo(400);
        assertThat(naive.body()).contains("2026-03-02T10:10:00Z");
        OnvifSimTestClient.Reply synced = client.post(OnvifSimTestClient.envelope(
                OnvifSimTestClient.token(USER, PASSWORD, T0.plus(Duration.ofMinutes(10))), TDS));
        assertThat(synced.status()).isEqualTo(200);
    }

    @Test
    void httpDigestOnSoapAfterAChallenge() throws Exception {
        String env = OnvifSimTestClient.envelope("", TDS);
        OnvifSimTestClient.Reply challenge = client.post(env);
        assertThat(challenge.status()).isEqualTo(401);
        String auth = OnvifSimTestClient.digestAuthorization(challenge.header("WWW-Authenticate"), USER, PASSWORD, "POST", "/onvif/device_service", 1);
        OnvifSimTestClient.Reply ok = client.post("/onvif/device_service", env, Map.of("Authorization", auth));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.text(OnvifNs.TDS, "Model")).isEqualTo("Simulated camera");
        // The same Authorization again (same nc) is a replay.
        assertThat(client.post("/onvif/device_service", env, Map.of("Authorization", auth)).status()).isEqualTo(401);
        String wrong = OnvifSimTestClient.digestAuthorization(client.post(env).header("WWW-Authenticate"), USER, "nope", "POST", "/onvif/device_service", 1);
        assertThat(client.post("/onvif/device_service", env, Map.of("Authorization", wrong)).status()).isEqualTo(401);
    }
}
