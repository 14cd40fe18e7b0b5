package io.warden.sim.onvif;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.adapter.onvif.soap.OnvifNs;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** Device, media, media2, recording, replay and event services of a simulated camera (RTSP off: port 554 advertised). */
class OnvifSimServicesTest extends OnvifSimTestBase {
    static final String TT = OnvifNs.TT;

    @Test
    void systemDateAndTimeHasTimeBeforeDateInUtc() throws Exception {
        clock.advance(Duration.ofSeconds(3723));
        OnvifSimTestClient.Reply r = anon("<GetSystemDateAndTime xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/>");
        Element utc = (Element) r.doc().getElementsByTagNameNS(TT, "UTCDateTime").item(0);
        List<Element> parts = OnvifSimXml.children(utc);
        assertThat(parts).extracting(Element::getLocalName).containsExactly("Time", "Date");
        assertThat(OnvifSimXml.childText(parts.get(0), TT, "Hour")).isEqualTo("11");
        assertThat(OnvifSimXml.childText(parts.get(0), TT, "Minute")).isEqualTo("2");
        assertThat(OnvifSimXml.childText(parts.get(0), TT, "Second")).isEqualTo("3");
        assertThat(OnvifSimXml.childText(parts.get(1), TT, "Year")).isEqualTo("2026");
        assertThat(OnvifSimXml.childText(parts.get(1), TT, "Month")).isEqualTo("3");
        assertThat(OnvifSimXml.childText(parts.get(1), TT, "Day")).isEqualTo("2");
    }

    @Test
    void deviceInformationAndServices() throws Exception {
        OnvifSimTestClient.Reply info = call(TDS);
        assertThat(OnvifSimXml.children(info.op())).extracting(Element::getLocalName)
                .containsExactly("Manufacturer", "Model", "FirmwareVersion", "SerialNumber", "HardwareId");
        assertThat(info.text(OnvifNs.TDS, "Model")).isEqualTo("Simulated camera");

        String base = "http://127.0.0.1:" + sim.httpPort() + "/onvif/";
        OnvifSimTestClient.Reply services = anon("<GetServices xmlns=\"http://www.onvif.org/ver10/device/wsdl\"><IncludeCapability>true</IncludeCapability></GetServices>");
        assertThat(services.texts(OnvifNs.TDS, "Namespace")).containsExactly(OnvifNs.TDS, OnvifNs.TRT, OnvifNs.TR2,
                OnvifNs.TSE, OnvifNs.TRC, OnvifNs.TRP, OnvifNs.TEV);
        assertThat(services.texts(OnvifNs.TDS, "XAddr")).containsExactly(base + "device_service", base + "media_service",
                base + "media2_service", base + "search_service", base + "recording_service", base + "replay_service", base + "event_service");
        Element first = (Element) services.doc().getElementsByTagNameNS(OnvifNs.TDS, "Service").item(0);
        assertThat(OnvifSimXml.children(first)).extracting(Element::getLocalName).containsExactly("Namespace", "XAddr", "Capabilities", "Version");
        assertThat(services.doc().getElementsByTagNameNS(OnvifNs.TRP, "Capabilities").getLength()).isEqualTo(1);
        OnvifSimTestClient.Reply bare = anon("<GetServices xmlns=\"http://www.onvif.org/ver10/device/wsdl\"><IncludeCapability>false</IncludeCapability></GetServices>");
        assertThat(bare.doc().getElementsByTagNameNS(OnvifNs.TDS, "Capabilities").getLength()).isZero();
        OnvifSimTestClient.Reply missing = anon("<GetServices xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/>");
        assertThat(missing.faultCodes()).containsExactly("env:Sender", "ter:InvalidArgs");
    }

    @Test
    void capabilitiesIncludeRecordingSearchReplayUnderExtension() throws Exception {
        String base = "http://127.0.0.1:" + sim.httpPort() + "/onvif/";
        OnvifSimTestClient.Reply r = anon("<GetCapabilities xmlns=\"http://www.onvif.org/ver10/device/wsdl\"><Category>All</Category></GetCapabilities>");
        Element ext = (Element) r.doc().getElementsByTagNameNS(TT, "Extension").item(0);
        assertThat(OnvifSimXml.childText(OnvifSimXml.child(ext, TT, "Search"), TT, "XAddr")).isEqualTo(base + "search_service");
        assertThat(OnvifSimXml.childText(OnvifSimXml.child(ext, TT, "Replay"), TT, "XAddr")).isEqualTo(base + "replay_service");
        assertThat(OnvifSimXml.childText(OnvifSimXml.child(ext, TT, "Recording"), TT, "XAddr")).isEqualTo(base + "recording_service");
        assertThat(r.text(TT, "WSPullPointSupport")).isEqualTo("true");
        OnvifSimTestClient.Reply ptz = anon("<GetCapabilities xmlns=\"http://www.onvif.org/ver10/device/wsdl\"><Category>PTZ</Category></GetCapabilities>");
        assertThat(ptz.faultCodes()).containsExactly("env:Receiver", "ter:ActionNotSupported", "ter:NoSuchService");
        assertThat(call("<GetScopes xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/>").texts(TT, "ScopeItem"))
                .contains("onvif://www.onvif.org/Profile/G");
    }

    @Test
    void media1ProfilesSourcesAndUris() throws Exception {
        OnvifSimTestClient.Reply profiles = call("<GetProfiles xmlns=\"http://www.onvif.org/ver10/media/wsdl\"/>");
        Element p = (Element) profiles.doc().getElementsByTagNameNS(OnvifNs.TRT, "Profiles").item(0);
        assertThat(p.getAttribute("token")).isEqualTo("Profile_1");
        assertThat(OnvifSimXml.children(p)).extracting(Element::getLocalName)
                .containsExactly("Name", "VideoSourceConfiguration", "VideoEncoderConfiguration");
        assertThat(profiles.text(TT, "SourceToken")).isEqualTo("VideoSource_1");
        assertThat(profiles.text(TT, "Encoding")).isEqualTo("H264");
        assertThat(profiles.texts(TT, "Width")).containsExactly("320");
        OnvifSimTestClient.Reply sources = call("<GetVideoSources xmlns=\"http://www.onvif.org/ver10/media/wsdl\"/>");
        assertThat(((Element) sources.doc().getElementsByTagNameNS(OnvifNs.TRT, "VideoSources").item(0)).getAttribute("token"))
                .isEqualTo("VideoSource_1");
        OnvifSimTestClient.Reply stream = call(OnvifSimAuthTest.PROTECTED.get(4)[1]);
        assertThat(OnvifSimXml.children((Element) stream.doc().getElementsByTagNameNS(OnvifNs.TRT, "MediaUri").item(0)))
                .extracting(Element::getLocalName).containsExactly("Uri", "InvalidAfterConnect", "InvalidAfterReboot", "Timeout");
        assertThat(stream.text(TT, "Uri")).isEqualTo("rtsp://127.0.0.1:554/live/VideoSource_1");
        OnvifSimTestClient.Reply snap = call(OnvifSimAuthTest.PROTECTED.get(5)[1]);
        assertThat(snap.text(TT, "Uri")).isEqualTo("http://127.0.0.1:" + sim.httpPort() + "/snapshot/Profile_1.jpg");
    }

    @Test
    void media2ProfilesAndUris() throws Exception {
        OnvifSimTestClient.Reply all = call(OnvifSimAuthTest.PROTECTED.get(6)[1]);
        assertThat(all.text(TT, "SourceToken")).isEqualTo("VideoSource_1");
        Element enc = (Element) all.doc().getElementsByTagNameNS(OnvifNs.TR2, "VideoEncoder").item(0);
        assertThat(enc.getAttribute("GovLength")).isEqualTo("10");
        assertThat(OnvifSimXml.children(enc)).extracting(Element::getLocalName)
                .containsExactly("Name", "UseCount", "Encoding", "Resolution", "RateControl", "Multicast", "Quality");
        OnvifSimTestClient.Reply bare = call("<GetProfiles xmlns=\"http://www.onvif.org/ver20/media/wsdl\"/>");
        assertThat(bare.doc().getElementsByTagNameNS(OnvifNs.TR2, "Configurations").getLength()).isZero();
        assertThat(call(OnvifSimAuthTest.PROTECTED.get(7)[1]).text(OnvifNs.TR2, "Uri")).isEqualTo("rtsp://127.0.0.1:554/live/VideoSource_1");
        assertThat(call(OnvifSimAuthTest.PROTECTED.get(8)[1]).text(OnvifNs.TR2, "Uri"))
                .isEqualTo("http://127.0.0.1:" + sim.httpPort() + "/snapshot/Profile_1.jpg");
    }

    @Test
    void recordingsCarryNoTimeSpanAndReplayUriFollowsSharedSpec() throws Exception {
        OnvifSimTestClient.Reply recs = call(OnvifSimAuthTest.PROTECTED.get(12)[1]);
        assertThat(recs.texts(TT, "RecordingToken")).containsExactly("Recording_1");
        assertThat(recs.text(TT, "SourceId")).isEqualTo("VideoSource_1");
        assertThat(recs.text(TT, "TrackToken")).isEqualTo("VIDEO001");
        assertThat(recs.body()).doesNotContain("EarliestRecording").doesNotContain("DataFrom");
        OnvifSimTestClient.Reply replay = call(OnvifSimAuthTest.PROTECTED.get(13)[1]);
        assertThat(replay.text(OnvifNs.TRP, "Uri")).isEqualTo("rtsp://127.0.0.1:554/replay/Recording_1");
    }

    @Test
    void pullPointLongPollsUntilItsTimeoutThenUnsubscribes() throws Exception {
        OnvifSimTestClient.Reply sub = call("<CreatePullPointSubscription xmlns=\"http://www.onvif.org/ver10/events/wsdl\">"
                + "<InitialTerminationTime>PT60S</InitialTerminationTime></CreatePullPointSubscription>");
        String address = sub.text(OnvifNs.WSA, "Address");
        assertThat(address).startsWith("http://127.0.0.1:" + sim.httpPort() + "/onvif/event_service/subscription?Idx=");
        assertThat(sub.text(OnvifNs.WSNT, "TerminationTime")).isEqualTo("2026-03-02T10:01:00Z");
        String path = address.substring(address.indexOf("/onvif/"));
        String pull = "<PullMessages xmlns=\"http://www.onvif.org/ver10/events/wsdl\"><Timeout>PT1S</Timeout><MessageLimit>10</MessageLimit></PullMessages>";
        // as a real camera does, the subscription starts with the motion property's Initialized state
        OnvifSimTestClient.Reply burst = call(path, pull);
        assertThat(burst.doc().getElementsByTagNameNS(OnvifNs.TT, "Message").getLength()).isEqualTo(1);
        assertThat(burst.body()).contains("PropertyOperation=\"Initialized\"");
        long t0 = System.nanoTime();
        OnvifSimTestClient.Reply empty = call(path, pull);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(empty.op().getLocalName()).isEqualTo("PullMessagesResponse");
        assertThat(empty.text(OnvifNs.TEV, "CurrentTime")).isEqualTo("2026-03-02T10:00:00Z");
        assertThat(empty.doc().getElementsByTagNameNS(OnvifNs.WSNT, "NotificationMessage").getLength()).isZero();
        assertThat(call("/onvif/event_service", pull).faultCodes()).as("not the subscription address").contains("env:Sender");
        assertThat(call(path, "<Unsubscribe xmlns=\"http://docs.oasis-open.org/wsn/b-2\"/>").op().getLocalName()).isEqualTo("UnsubscribeResponse");
        assertThat(call(path, pull).body()).contains("ResourceUnknown");
    }
}
