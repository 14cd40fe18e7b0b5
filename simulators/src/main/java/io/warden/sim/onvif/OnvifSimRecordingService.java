package io.warden.sim.onvif;

import static io.warden.adapter.onvif.soap.OnvifNs.TRC;
import static io.warden.adapter.onvif.soap.OnvifNs.TRP;
import static io.warden.sim.onvif.OnvifSimXml.el;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.Map;
import org.w3c.dom.Element;

/**
 * Recording control (trc: GetRecordings, without time spans as real devices answer, onvif.md §4.2) and replay
 * (trp: GetReplayUri, §4.3), plus the tt:RecordingInformation writer that search shares. Stateless; event-loop safe.
 */
final class OnvifSimRecordingService {
    /** The one track every simulated recording has (SDP {@code a=x-onvif-track}). */
    static final String VIDEO_TRACK = "VIDEO001";
    static final String RECORDING_CAPABILITIES = "<trc:Capabilities DynamicRecordings=\"false\" DynamicTracks=\"false\""
            + " MaxStringLength=\"64\" MaxRecordings=\"16\" MaxRecordingJobs=\"16\" Options=\"false\" MetadataRecording=\"false\"/>";
    static final String REPLAY_CAPABILITIES = "<trp:Capabilities ReversePlayback=\"false\" SessionTimeoutRange=\"0 4294967295\""
            + " RTP_RTSP_TCP=\"true\"/>";

    private final OnvifCameraSimulator sim;

    OnvifSimRecordingService(OnvifCameraSimulator sim) {
        this.sim = sim;
    }

    void register(Map<String, OnvifSimCall.Operation> ops) {
        ops.put(OnvifSimCall.key(TRC, "GetRecordings"), c -> Future.succeededFuture(recordings()));
        ops.put(OnvifSimCall.key(TRC, "GetServiceCapabilities"), c -> Future.succeededFuture(
                "<trc:GetServiceCapabilitiesResponse>" + RECORDING_CAPABILITIES + "</trc:GetServiceCapabilitiesResponse>"));
        ops.put(OnvifSimCall.key(TRP, "GetReplayUri"), c -> Future.succeededFuture(replayUri(c)));
        ops.put(OnvifSimCall.key(TRP, "GetServiceCapabilities"), c -> Future.succeededFuture(
                "<trp:GetServiceCapabilitiesResponse>" + REPLAY_CAPABILITIES + "</trp:GetServiceCapabilitiesResponse>"));
    }

    private String recordings() {
        StringBuilder sb = new StringBuilder("<trc:GetRecordingsResponse>");
        for (SimulatedRecording r : sim.recordings().values()) {
            sb.append("<trc:RecordingItem>").append(el("tt:RecordingToken", r.token()))
                    .append("<tt:Configuration>").append(source(sim, r)).append(el("tt:Content", content(r)))
                    .append(el("tt:MaximumRetentionTime", "PT0S")).append("</tt:Configuration>")
                    .append("<tt:Tracks><tt:Track>").append(el("tt:TrackToken", VIDEO_TRACK))
                    .append("<tt:Configuration>").append(el("tt:TrackType", "Video")).append(el("tt:Description", "H.264 video"))
                    .append("</tt:Configuration></tt:Track></tt:Tracks></trc:RecordingItem>");
        }
        return sb.append("</trc:GetRecordingsResponse>").toString();
    }

    private String replayUri(OnvifSimCall c) {
        Element setup = OnvifSimXml.child(c.request(), TRP, "StreamSetup");
        if (setup == null) throw OnvifSoapFault.sender("GetReplayUri: StreamSetup is required", "InvalidArgVal", "InvalidStreamSetup");
        OnvifSimMediaService.checkSetup(setup);
        String token = c.required(TRP, "RecordingToken");
        if (!sim.recordings().containsKey(token)) {
            throw OnvifSoapFault.sender("Recording not found: " + OnvifSimXml.clip(token), "InvalidArgVal", "NoRecording");
        }
        return "<trp:GetReplayUriResponse>" + el("trp:Uri", sim.replayUri(token)) + "</trp:GetReplayUriResponse>";
    }

    /**
     * tt:RecordingInformation children in schema order (onvif.md §4.1), wrapped in {@code element}. Latest is
     * "now" on the device clock while recording: a camera stamps its footage with its own clock, skewed or not.
     */
    static String information(OnvifCameraSimulator sim, SimulatedRecording r, String element) {
        Instant now = sim.deviceNow();
        Instant latest = r.endAt(now);
        return "<" + element + ">" + el("tt:RecordingToken", r.token()) + source(sim, r)
                + el("tt:EarliestRecording", OnvifSimXml.time(r.start())) + el("tt:LatestRecording", OnvifSimXml.time(latest))
                + el("tt:Content", content(r))
                + "<tt:Track>" + el("tt:TrackToken", VIDEO_TRACK) + el("tt:TrackType", "Video") + el("tt:Description", "H.264 video")
                + el("tt:DataFrom", OnvifSimXml.time(r.start())) + el("tt:DataTo", OnvifSimXml.time(latest)) + "</tt:Track>"
                + el("tt:RecordingStatus", r.end() == null ? "Recording" : "Stopped") + "</" + element + ">";
    }

    /** tt:Source (RecordingSourceInformation): SourceId is the video source token. */
    static String source(OnvifCameraSimulator sim, SimulatedRecording r) {
        String name = r.sourceName() != null ? r.sourceName() : r.sourceToken();
        return "<tt:Source>" + el("tt:SourceId", r.sourceToken()) + el("tt:Name", name) + el("tt:Location", "Simulated site")
                + el("tt:Description", "Simulated recording of " + name) + el("tt:Address", sim.deviceServiceUri()) + "</tt:Source>";
    }

    private static String content(SimulatedRecording r) {
        return "Continuous recording of " + (r.sourceName() != null ? r.sourceName() : r.sourceToken());
    }
}
