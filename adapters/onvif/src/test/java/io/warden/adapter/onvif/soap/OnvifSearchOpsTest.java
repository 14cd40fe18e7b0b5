package io.warden.adapter.onvif.soap;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Recording control, summary, replay URI and Media2 preference, against WireMock. */
class OnvifSearchOpsTest extends OnvifWireMockSupport {

    private OnvifServiceMap all() {
        Map<String, URI> m = Map.of(OnvifNs.TSE, device, OnvifNs.TRC, device, OnvifNs.TRP, device, OnvifNs.TRT, device, OnvifNs.TR2, device);
        return OnvifServiceMap.of(device, m, false);
    }

    private Instant deadline() {
        return Instant.now().plusSeconds(10);
    }

    @Test
    void getRecordingsGivesTokensAndSummaryGivesTheSpan() {
        stubClock(Duration.ZERO);
        stubOp("GetRecordings", 200, envelope("<trc:GetRecordingsResponse xmlns:trc=\"" + OnvifNs.TRC + "\"><trc:RecordingItem>"
                + "<tt:RecordingToken>Rec_1</tt:RecordingToken></trc:RecordingItem><trc:RecordingItem><tt:RecordingToken>0</tt:RecordingToken>"
                + "</trc:RecordingItem></trc:GetRecordingsResponse>"));
        stubOp("GetRecordingSummary", 200, envelope("<tse:GetRecordingSummaryResponse><tse:Summary><tt:DataFrom>2026-12-01T08:00:00Z</tt:DataFrom>"
                + "<tt:DataUntil>2026-12-01T09:00:00.5Z</tt:DataUntil><tt:NumberRecordings>2</tt:NumberRecordings></tse:Summary>"
                + "</tse:GetRecordingSummaryResponse>"));
        OnvifSearchOps ops = new OnvifSearchOps(soap, all(), false);
        assertThat(await(ops.recordings(deadline()))).containsExactly("Rec_1", "0");
        Instant[] span = await(ops.recordingSummary(deadline())).orElseThrow();
        assertThat(span[0]).isEqualTo(Instant.parse("2026-12-01T08:00:00Z"));
        assertThat(span[1]).isEqualTo(Instant.parse("2026-12-01T09:00:00.5Z"));
    }

    @Test
    void replayUriIsRewrittenToTheConfiguredHostWhenPreserving() {
        stubClock(Duration.ZERO);
        stubOp("GetReplayUri", 200, envelope("<trp:GetReplayUriResponse><trp:Uri>rtsp://10.9.9.9:8554/replay/Rec_1?x=1</trp:Uri>"
                + "</trp:GetReplayUriResponse>"));
        assertThat(await(new OnvifSearchOps(soap, all(), true).replayUri("Rec_1", deadline())))
                .isEqualTo(URI.create("rtsp://127.0.0.1:8554/replay/Rec_1?x=1"));
        assertThat(await(new OnvifSearchOps(soap, all(), false).replayUri("Rec_1", deadline())))
                .isEqualTo(URI.create("rtsp://10.9.9.9:8554/replay/Rec_1?x=1"));
    }

    @Test
    void aDeviceWithoutSearchIsUnsupported() {
        OnvifServiceMap none = OnvifServiceMap.of(device, Map.of(), false);
        Throwable t = awaitFailure(new OnvifSearchOps(soap, none, false).findRecordings(null, deadline()));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.UNSUPPORTED);
    }

    @Test
    void media2IsPreferredWhenListed() throws Exception {
        stubClock(Duration.ZERO);
        try (InputStream in = getClass().getResourceAsStream("/onvif-captures/milesight-ex_nvr/GetProfiles_media2.xml")) {
            stubOp("GetProfiles", 200, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        try (InputStream in = getClass().getResourceAsStream("/onvif-captures/milesight-ex_nvr/GetStreamUri_media2.xml")) {
            stubOp("GetStreamUri", 200, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        OnvifMediaOps media = new OnvifMediaOps(vertx, soap, all(), true);
        OnvifProfile p = OnvifMediaOps.choose(await(media.profiles(deadline())), null);
        assertThat(p.token()).isEqualTo("Profile_1");
        assertThat(await(media.streamUri(p.token(), deadline()))).isEqualTo(URI.create("rtsp://127.0.0.1:9101/main"));
        wm.verify(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                        com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/onvif/device_service"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("<tr2:ProfileToken>Profile_1</tr2:ProfileToken>"))
                .withHeader("Content-Type", com.github.tomakehurst.wiremock.client.WireMock.containing("ver20/media/wsdl/GetStreamUri")));
    }
}
