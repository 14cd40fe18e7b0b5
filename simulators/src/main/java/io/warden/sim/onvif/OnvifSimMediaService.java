package io.warden.sim.onvif;

import static io.warden.adapter.onvif.soap.OnvifNs.TR2;
import static io.warden.adapter.onvif.soap.OnvifNs.TRT;
import static io.warden.adapter.onvif.soap.OnvifNs.TT;
import static io.warden.sim.onvif.OnvifSimXml.el;
import static io.warden.sim.onvif.OnvifSimXml.esc;

import io.vertx.core.Future;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * Media 1 (trt) and Media 2 (tr2), onvif.md §3: one H.264 profile per video source (320x240, 10 fps, GOP 10: the
 * looped clip), video sources consistent with the profiles' SourceToken, stream URIs (live RTSP) and snapshot URIs.
 * Stateless; event-loop safe.
 */
final class OnvifSimMediaService {
    static final int WIDTH = 320;
    static final int HEIGHT = 240;
    static final int FPS = 10;

    private final OnvifCameraSimulator sim;

    OnvifSimMediaService(OnvifCameraSimulator sim) {
        this.sim = sim;
    }

    void register(Map<String, OnvifSimCall.Operation> ops) {
        ops.put(OnvifSimCall.key(TRT, "GetProfiles"), c -> Future.succeededFuture(profiles1()));
        ops.put(OnvifSimCall.key(TRT, "GetVideoSources"), c -> Future.succeededFuture(videoSources()));
        ops.put(OnvifSimCall.key(TRT, "GetStreamUri"), c -> Future.succeededFuture(streamUri1(c)));
        ops.put(OnvifSimCall.key(TRT, "GetSnapshotUri"), c -> Future.succeededFuture(
                "<trt:GetSnapshotUriResponse>" + mediaUri(sim.snapshotUri(profile(c, TRT).profileToken())) + "</trt:GetSnapshotUriResponse>"));
        ops.put(OnvifSimCall.key(TRT, "GetServiceCapabilities"), c -> Future.succeededFuture(
                "<trt:GetServiceCapabilitiesResponse>" + media1Capabilities() + "</trt:GetServiceCapabilitiesResponse>"));
        ops.put(OnvifSimCall.key(TR2, "GetProfiles"), c -> Future.succeededFuture(profiles2(c)));
        ops.put(OnvifSimCall.key(TR2, "GetVideoSourceConfigurations"), c -> Future.succeededFuture(videoSourceConfigurations2()));
        ops.put(OnvifSimCall.key(TR2, "GetStreamUri"), c -> Future.succeededFuture(streamUri2(c)));
        ops.put(OnvifSimCall.key(TR2, "GetSnapshotUri"), c -> Future.succeededFuture(
                "<tr2:GetSnapshotUriResponse>" + el("tr2:Uri", sim.snapshotUri(profile(c, TR2).profileToken())) + "</tr2:GetSnapshotUriResponse>"));
        ops.put(OnvifSimCall.key(TR2, "GetServiceCapabilities"), c -> Future.succeededFuture(
                "<tr2:GetServiceCapabilitiesResponse>" + media2Capabilities() + "</tr2:GetServiceCapabilitiesResponse>"));
    }

    static String media1Capabilities() {
        return "<trt:Capabilities SnapshotUri=\"true\" Rotation=\"false\" VideoSourceMode=\"false\" OSD=\"false\">"
                + "<trt:ProfileCapabilities MaximumNumberOfProfiles=\"16\"/>"
                + "<trt:StreamingCapabilities RTPMulticast=\"false\" RTP_TCP=\"true\" RTP_RTSP_TCP=\"true\" NonAggregateControl=\"false\"/>"
                + "</trt:Capabilities>";
    }

    static String media2Capabilities() {
        return "<tr2:Capabilities SnapshotUri=\"true\" Rotation=\"false\" VideoSourceMode=\"false\" OSD=\"false\">"
                + "<tr2:ProfileCapabilities MaximumNumberOfProfiles=\"16\" ConfigurationsSupported=\"VideoSource VideoEncoder\"/>"
                + "<tr2:StreamingCapabilities RTSPStreaming=\"true\" RTPMulticast=\"false\" RTP_RTSP_TCP=\"true\"/>"
                + "</tr2:Capabilities>";
    }

    /** The profile named by the request's ProfileToken, or Sender/InvalidArgVal/NoProfile. */
    private OnvifCameraSimulator.Source profile(OnvifSimCall c, String ns) {
        String token = c.required(ns, "ProfileToken");
        return byProfile(token);
    }

    private OnvifCameraSimulator.Source byProfile(String token) {
        for (OnvifCameraSimulator.Source s : sim.config().sources()) {
            if (s.profileToken().equals(token)) return s;
        }
        throw OnvifSoapFault.sender("No profile " + OnvifSimXml.clip(token), "InvalidArgVal", "NoProfile");
    }

    private String profiles1() {
        StringBuilder sb = new StringBuilder("<trt:GetProfilesResponse>");
        for (OnvifCameraSimulator.Source s : sim.config().sources()) {
            sb.append("<trt:Profiles token=\"").append(esc(s.profileToken())).append("\" fixed=\"true\">")
                    .append(el("tt:Name", s.name() + " H.264"))
                    .append("<tt:VideoSourceConfiguration token=\"").append(esc(vscToken(s))).append("\">").append(vscBody(s))
                    .append("</tt:VideoSourceConfiguration>")
                    .append("<tt:VideoEncoderConfiguration token=\"").append(esc(vecToken(s))).append("\">")
                    .append(el("tt:Name", s.name() + " encoder")).append(el("tt:UseCount", 1)).append(el("tt:Encoding", "H264"))
                    .append(resolution()).append(el("tt:Quality", 5))
                    .append("<tt:RateControl>").append(el("tt:FrameRateLimit", FPS)).append(el("tt:EncodingInterval", 1))
                    .append(el("tt:BitrateLimit", 256)).append("</tt:RateControl>")
                    .append("<tt:H264>").append(el("tt:GovLength", FPS)).append(el("tt:H264Profile", "Baseline")).append("</tt:H264>")
                    .append(multicast()).append(el("tt:SessionTimeout", "PT60S"))
                    .append("</tt:VideoEncoderConfiguration></trt:Profiles>");
        }
        return sb.append("</trt:GetProfilesResponse>").toString();
    }

    private String profiles2(OnvifSimCall c) {
        String only = c.text(TR2, "Token");
        if (only != null) byProfile(only);
        Set<String> types = new HashSet<>();
        for (Element t : OnvifSimXml.children(c.request(), TR2, "Type")) types.add(t.getTextContent().strip());
        boolean all = types.contains("All");
        StringBuilder sb = new StringBuilder("<tr2:GetProfilesResponse>");
        for (OnvifCameraSimulator.Source s : sim.config().sources()) {
            if (only != null && !only.equals(s.profileToken())) continue;
            sb.append("<tr2:Profiles token=\"").append(esc(s.profileToken())).append("\" fixed=\"true\">").append(el("tr2:Name", s.name() + " H.264"));
            // Without a Type the spec returns no configurations at all.
            if (all || types.contains("VideoSource") || types.contains("VideoEncoder")) {
                sb.append("<tr2:Configurations>");
                if (all || types.contains("VideoSource")) {
                    sb.append("<tr2:VideoSource token=\"").append(esc(vscToken(s))).append("\">").append(vscBody(s)).append("</tr2:VideoSource>");
                }
                if (all || types.contains("VideoEncoder")) {
                    sb.append("<tr2:VideoEncoder token=\"").append(esc(vecToken(s))).append("\" GovLength=\"").append(FPS)
                            .append("\" Profile=\"Baseline\">").append(el("tt:Name", s.name() + " encoder")).append(el("tt:UseCount", 1))
                            .append(el("tt:Encoding", "H264")).append(resolution())
                            .append("<tt:RateControl ConstantBitRate=\"false\">").append(el("tt:FrameRateLimit", FPS))
                            .append(el("tt:BitrateLimit", 256)).append("</tt:RateControl>").append(multicast()).append(el("tt:Quality", 5))
                            .append("</tr2:VideoEncoder>");
                }
                sb.append("</tr2:Configurations>");
            }
            sb.append("</tr2:Profiles>");
        }
        return sb.append("</tr2:GetProfilesResponse>").toString();
    }

    private String videoSources() {
        StringBuilder sb = new StringBuilder("<trt:GetVideoSourcesResponse>");
        for (OnvifCameraSimulator.Source s : sim.config().sources()) {
            sb.append("<trt:VideoSources token=\"").append(esc(s.token())).append("\">").append(el("tt:Framerate", FPS))
                    .append(resolution()).append("</trt:VideoSources>");
        }
        return sb.append("</trt:GetVideoSourcesResponse>").toString();
    }

    private String videoSourceConfigurations2() {
        StringBuilder sb = new StringBuilder("<tr2:GetVideoSourceConfigurationsResponse>");
        for (OnvifCameraSimulator.Source s : sim.config().sources()) {
            sb.append("<tr2:Configurations token=\"").append(esc(vscToken(s))).append("\">").append(vscBody(s)).append("</tr2:Configurations>");
        }
        return sb.append("</tr2:GetVideoSourceConfigurationsResponse>").toString();
    }

    private String streamUri1(OnvifSimCall c) {
        Element setup = OnvifSimXml.child(c.request(), TRT, "StreamSetup");
        if (setup == null) throw OnvifSoapFault.sender("GetStreamUri: StreamSetup is required", "InvalidArgs");
        checkSetup(setup);
        OnvifCameraSimulator.Source s = profile(c, TRT);
        return "<trt:GetStreamUriResponse>" + mediaUri(sim.liveUri(s.token())) + "</trt:GetStreamUriResponse>";
    }

    private String streamUri2(OnvifSimCall c) {
        String protocol = c.required(TR2, "Protocol");
        if (!protocol.equals("RTSP") && !protocol.equals("RtspUnicast")) {
            throw OnvifSoapFault.sender("Protocol " + OnvifSimXml.clip(protocol) + " not supported (RTSP, RtspUnicast)", "InvalidArgVal", "InvalidStreamSetup");
        }
        OnvifCameraSimulator.Source s = profile(c, TR2);
        return "<tr2:GetStreamUriResponse>" + el("tr2:Uri", sim.liveUri(s.token())) + "</tr2:GetStreamUriResponse>";
    }

    /** A tt:StreamSetup this device serves: RTP-Unicast over RTSP (interleaved), UDP or the deprecated TCP. */
    static void checkSetup(Element setup) {
        String stream = OnvifSimXml.childText(setup, TT, "Stream");
        Element transport = OnvifSimXml.child(setup, TT, "Transport");
        String protocol = OnvifSimXml.childText(transport, TT, "Protocol");
        if (!"RTP-Unicast".equals(stream)) {
            throw OnvifSoapFault.sender("StreamSetup/Stream " + OnvifSimXml.clip(stream) + " not supported (RTP-Unicast)", "InvalidArgVal", "InvalidStreamSetup");
        }
        if (protocol == null || !Set.of("RTSP", "UDP", "TCP").contains(protocol)) {
            throw OnvifSoapFault.sender("StreamSetup/Transport/Protocol " + OnvifSimXml.clip(protocol) + " not supported (RTSP, UDP, TCP)",
                    "InvalidArgVal", "InvalidStreamSetup");
        }
    }

    static String mediaUri(String uri) {
        return "<trt:MediaUri>" + el("tt:Uri", uri) + el("tt:InvalidAfterConnect", false) + el("tt:InvalidAfterReboot", false)
                + el("tt:Timeout", "PT0S") + "</trt:MediaUri>";
    }

    private static String vscToken(OnvifCameraSimulator.Source s) {
        return "VideoSourceConfig_" + s.token();
    }

    private static String vecToken(OnvifCameraSimulator.Source s) {
        return "VideoEncoderConfig_" + s.profileToken();
    }

    private static String vscBody(OnvifCameraSimulator.Source s) {
        return el("tt:Name", s.name()) + el("tt:UseCount", 1) + el("tt:SourceToken", s.token())
                + "<tt:Bounds x=\"0\" y=\"0\" width=\"" + WIDTH + "\" height=\"" + HEIGHT + "\"/>";
    }

    private static String resolution() {
        return "<tt:Resolution>" + el("tt:Width", WIDTH) + el("tt:Height", HEIGHT) + "</tt:Resolution>";
    }

    private static String multicast() {
        return "<tt:Multicast><tt:Address>" + el("tt:Type", "IPv4") + el("tt:IPv4Address", "0.0.0.0") + "</tt:Address>"
                + el("tt:Port", 0) + el("tt:TTL", 0) + el("tt:AutoStart", false) + "</tt:Multicast>";
    }
}
