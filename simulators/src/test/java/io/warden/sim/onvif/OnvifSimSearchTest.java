package io.warden.sim.onvif;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.adapter.onvif.soap.OnvifNs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** Recording search on an NVR with three recordings (one stopped): sessions, paging, keep-alive, scope. */
class OnvifSimSearchTest extends OnvifSimTestBase {
    static final String TT = OnvifNs.TT;
    static final String TSE = "xmlns=\"http://www.onvif.org/ver10/search/wsdl\" xmlns:tt=\"http://www.onvif.org/ver10/schema\"";

    @Override
    OnvifCameraSimulator.Config config() {
        OnvifCameraSimulator.Config nvr = OnvifCameraSimulator.Config.nvr("127.0.0.1", USER, PASSWORD, 3, T0.minusSeconds(600));
        List<SimulatedRecording> recs = new ArrayList<>(nvr.recordings());
        SimulatedRecording r3 = recs.get(2);
        recs.set(2, new SimulatedRecording(r3.token(), r3.sourceToken(), r3.sourceName(), T0.minusSeconds(3600), T0.minusSeconds(1800), List.of()));
        return nvr.withRecordings(recs);
    }

    String find(String scope, String extra) throws Exception {
        OnvifSimTestClient.Reply r = call("<FindRecordings " + TSE + "><Scope>" + scope + "</Scope>" + extra + "<KeepAliveTime>PT10S</KeepAliveTime></FindRecordings>");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.text(OnvifNs.TSE, "SearchToken");
    }

    OnvifSimTestClient.Reply results(String token, String params) throws Exception {
        return call("<GetRecordingSearchResults " + TSE + "><SearchToken>" + token + "</SearchToken>" + params + "</GetRecordingSearchResults>");
    }

    @Test
    void resultsComeInSeveralRepliesUntilCompleted() throws Exception {
        String token = find("", "");
        List<String> states = new ArrayList<>();
        List<String> found = new ArrayList<>();
        for (int i = 0; i < 10 && !states.contains("Completed"); i++) {
            OnvifSimTestClient.Reply page = results(token, "<MinResults>1</MinResults><MaxResults>1</MaxResults><WaitTime>PT5S</WaitTime>");
            states.add(page.text(TT, "SearchState"));
            found.addAll(page.texts(TT, "RecordingToken"));
        }
        assertThat(states).containsExactly("Searching", "Searching", "Completed");
        assertThat(found).containsExactlyInAnyOrder("Recording_1", "Recording_2", "Recording_3");
        // A completed session is gone.
        assertThat(results(token, "").faultCodes()).containsExactly("env:Sender", "ter:InvalidArgVal", "ter:InvalidToken");
    }

    @Test
    void shortWaitTimeAnswersWithWhatIsReadySoFar() throws Exception {
        String token = find("", "");
        OnvifSimTestClient.Reply first = results(token, "<MinResults>3</MinResults><WaitTime>PT0S</WaitTime>");
        assertThat(first.text(TT, "SearchState")).isEqualTo("Searching");
        assertThat(first.texts(TT, "RecordingToken").size()).isLessThan(3);
        OnvifSimTestClient.Reply rest = results(token, "<MinResults>3</MinResults><WaitTime>PT5S</WaitTime>");
        assertThat(rest.text(TT, "SearchState")).isEqualTo("Completed");
        assertThat(first.texts(TT, "RecordingToken").size() + rest.texts(TT, "RecordingToken").size()).isEqualTo(3);
    }

    @Test
    void recordingInformationHasSchemaOrderAndStatus() throws Exception {
        String token = find("<tt:IncludedRecordings>Recording_3</tt:IncludedRecordings><tt:IncludedRecordings>Recording_1</tt:IncludedRecordings>", "");
        OnvifSimTestClient.Reply r = results(token, "<MinResults>2</MinResults><WaitTime>PT5S</WaitTime>");
        assertThat(r.text(TT, "SearchState")).isEqualTo("Completed");
        assertThat(r.texts(TT, "RecordingToken")).containsExactlyInAnyOrder("Recording_1", "Recording_3");
        Element list = (Element) r.doc().getElementsByTagNameNS(OnvifNs.TSE, "ResultList").item(0);
        assertThat(OnvifSimXml.children(list).get(0).getLocalName()).isEqualTo("SearchState");
        for (Element info : OnvifSimXml.children(list, TT, "RecordingInformation")) {
            assertThat(OnvifSimXml.children(info)).extracting(Element::getLocalName).containsExactly("RecordingToken", "Source",
                    "EarliestRecording", "LatestRecording", "Content", "Track", "RecordingStatus");
            assertThat(OnvifSimXml.children(OnvifSimXml.child(info, TT, "Source"))).extracting(Element::getLocalName)
                    .containsExactly("SourceId", "Name", "Location", "Description", "Address");
            assertThat(OnvifSimXml.children(OnvifSimXml.child(info, TT, "Track"))).extracting(Element::getLocalName)
                    .containsExactly("TrackToken", "TrackType", "Description", "DataFrom", "DataTo");
            boolean stopped = "Recording_3".equals(OnvifSimXml.childText(info, TT, "RecordingToken"));
            assertThat(OnvifSimXml.childText(info, TT, "RecordingStatus")).isEqualTo(stopped ? "Stopped" : "Recording");
            assertThat(OnvifSimXml.childText(info, TT, "LatestRecording")).isEqualTo(stopped ? "2026-03-02T09:30:00Z" : "2026-03-02T10:00:00Z");
            assertThat(OnvifSimXml.childText(info, TT, "EarliestRecording")).isEqualTo(stopped ? "2026-03-02T09:00:00Z" : "2026-03-02T09:50:00Z");
        }
        OnvifSimTestClient.Reply one = call("<GetRecordingInformation " + TSE + "><RecordingToken>Recording_2</RecordingToken></GetRecordingInformation>");
        assertThat(one.text(TT, "SourceId")).isEqualTo("VideoSource_2");
        assertThat(one.text(TT, "DataTo")).isEqualTo("2026-03-02T10:00:00Z");
    }

    @Test
    void scopeBySourceAndMaxMatches() throws Exception {
        String bySource = find("<tt:IncludedSources><tt:Token>VideoSource_2</tt:Token></tt:IncludedSources>", "");
        OnvifSimTestClient.Reply r = results(bySource, "<MinResults>5</MinResults><WaitTime>PT5S</WaitTime>");
        assertThat(r.texts(TT, "RecordingToken")).containsExactly("Recording_2");
        String limited = find("", "<MaxMatches>2</MaxMatches>");
        OnvifSimTestClient.Reply two = results(limited, "<MinResults>5</MinResults><WaitTime>PT5S</WaitTime>");
        assertThat(two.texts(TT, "RecordingToken")).hasSize(2);
        assertThat(two.text(TT, "SearchState")).isEqualTo("Completed");
    }

    @Test
    void sessionExpiresWithoutUseAndEndSearchEndsIt() throws Exception {
        String token = find("", "");
        clock.advance(Duration.ofSeconds(8));
        assertThat(results(token, "<MaxResults>1</MaxResults><WaitTime>PT0S</WaitTime>").status()).as("kept alive by use").isEqualTo(200);
        clock.advance(Duration.ofSeconds(11));
        assertThat(results(token, "").faultCodes()).containsExactly("env:Sender", "ter:InvalidArgVal", "ter:InvalidToken");

        String other = find("", "");
        OnvifSimTestClient.Reply end = call("<EndSearch " + TSE + "><SearchToken>" + other + "</SearchToken></EndSearch>");
        assertThat(end.text(OnvifNs.TSE, "Endpoint")).isEqualTo(Instant.parse("2026-03-02T10:00:19Z").toString());
        assertThat(results(other, "").faultCodes()).contains("ter:InvalidToken");
    }

    @Test
    void sessionsAreLimited() throws Exception {
        for (int i = 0; i < OnvifSimSearchService.MAX_SESSIONS; i++) find("", "");
        OnvifSimTestClient.Reply r = call("<FindRecordings " + TSE + "><Scope/><KeepAliveTime>PT10S</KeepAliveTime></FindRecordings>");
        assertThat(r.faultCodes()).containsExactly("env:Receiver", "ter:Action", "ter:ResourceProblem");
        clock.advance(Duration.ofSeconds(11));
        assertThat(find("", "")).as("expired sessions free their slots").isNotBlank();
    }
}
