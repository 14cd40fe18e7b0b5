package io.warden.sim.onvif;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.adapter.onvif.soap.OnvifNs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** NVR mode: several sources, profiles and recordings, consistent with each other. */
class OnvifSimNvrTest extends OnvifSimTestBase {
    @Override
    OnvifCameraSimulator.Config config() {
        return OnvifCameraSimulator.Config.nvr("127.0.0.1", USER, PASSWORD, 3, T0.minusSeconds(600));
    }

    @Test
    void listsEverySourceProfileAndRecording() throws Exception {
        assertThat(call(TDS).text(OnvifNs.TDS, "Model")).isEqualTo("Simulated NVR");
        OnvifSimTestClient.Reply profiles = call("<GetProfiles xmlns=\"http://www.onvif.org/ver10/media/wsdl\"/>");
        assertThat(attr(profiles, OnvifNs.TRT, "Profiles")).containsExactly("Profile_1", "Profile_2", "Profile_3");
        assertThat(profiles.texts(OnvifNs.TT, "SourceToken")).containsExactly("VideoSource_1", "VideoSource_2", "VideoSource_3");
        OnvifSimTestClient.Reply sources = call("<GetVideoSources xmlns=\"http://www.onvif.org/ver10/media/wsdl\"/>");
        assertThat(attr(sources, OnvifNs.TRT, "VideoSources")).containsExactly("VideoSource_1", "VideoSource_2", "VideoSource_3");
        OnvifSimTestClient.Reply recs = call("<GetRecordings xmlns=\"http://www.onvif.org/ver10/recording/wsdl\"/>");
        assertThat(recs.texts(OnvifNs.TT, "RecordingToken")).containsExactly("Recording_1", "Recording_2", "Recording_3");
        assertThat(recs.texts(OnvifNs.TT, "SourceId")).containsExactly("VideoSource_1", "VideoSource_2", "VideoSource_3");
        OnvifSimTestClient.Reply stream = call("<GetStreamUri xmlns=\"http://www.onvif.org/ver20/media/wsdl\"><Protocol>RTSP</Protocol>"
                + "<ProfileToken>Profile_2</ProfileToken></GetStreamUri>");
        assertThat(stream.text(OnvifNs.TR2, "Uri")).isEqualTo("rtsp://127.0.0.1:554/live/VideoSource_2");
        OnvifSimTestClient.Reply summary = call("<GetRecordingSummary xmlns=\"http://www.onvif.org/ver10/search/wsdl\"/>");
        assertThat(summary.text(OnvifNs.TT, "NumberRecordings")).isEqualTo("3");
        assertThat(summary.text(OnvifNs.TT, "DataFrom")).isEqualTo("2026-03-02T09:50:00Z");
        assertThat(summary.text(OnvifNs.TT, "DataUntil")).isEqualTo("2026-03-02T10:00:00Z");
    }

    static List<String> attr(OnvifSimTestClient.Reply r, String ns, String local) {
        List<String> out = new ArrayList<>();
        NodeList nl = r.doc().getElementsByTagNameNS(ns, local);
        for (int i = 0; i < nl.getLength(); i++) out.add(((Element) nl.item(i)).getAttribute("token"));
        return out;
    }
}
