package io.warden.sim.onvif;

import static io.warden.adapter.onvif.soap.OnvifNs.TDS;
import static io.warden.sim.onvif.OnvifSimXml.el;

import io.vertx.core.Future;
import io.warden.adapter.onvif.soap.OnvifNs;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The device service (tds, onvif.md §2) of a simulated camera or door controller: GetSystemDateAndTime (device clock,
 * skew included), GetDeviceInformation, GetServices, GetCapabilities, GetScopes, GetServiceCapabilities, GetWsdlUrl.
 * GetCapabilities offers only the categories of the services the device has (door and access control have none).
 * Stateless; event-loop safe.
 */
public final class OnvifSimDeviceService {
    /** A service the device offers: namespace, path under /onvif/, capabilities element; in GetServices order. */
    public record Service(String ns, String path, String capabilities) {}

    private final OnvifSimDevice sim;
    private final List<Service> services;
    private final List<String> profiles;

    /**
     * @param services the services besides the device service itself (which comes first)
     * @param profiles the ONVIF profiles named in the scopes, e.g. {@code S}, {@code C}
     */
    public OnvifSimDeviceService(OnvifSimDevice sim, List<Service> services, List<String> profiles) {
        this.sim = sim;
        List<Service> all = new java.util.ArrayList<>();
        all.add(new Service(TDS, "device_service", deviceCapabilities()));
        all.addAll(services);
        this.services = List.copyOf(all);
        this.profiles = List.copyOf(profiles);
    }

    /** The camera's services (media, media2, search, recording, replay, events). */
    static List<Service> cameraServices() {
        return List.of(
                new Service(OnvifNs.TRT, "media_service", OnvifSimMediaService.media1Capabilities()),
                new Service(OnvifNs.TR2, "media2_service", OnvifSimMediaService.media2Capabilities()),
                new Service(OnvifNs.TSE, "search_service", OnvifSimSearchService.CAPABILITIES),
                new Service(OnvifNs.TRC, "recording_service", OnvifSimRecordingService.RECORDING_CAPABILITIES),
                new Service(OnvifNs.TRP, "replay_service", OnvifSimRecordingService.REPLAY_CAPABILITIES),
                new Service(OnvifNs.TEV, "event_service", OnvifSimEventService.CAPABILITIES));
    }

    public void register(Map<String, OnvifSimCall.Operation> ops) {
        ops.put(OnvifSimCall.key(TDS, "GetSystemDateAndTime"), c -> Future.succeededFuture(dateAndTime()));
        ops.put(OnvifSimCall.key(TDS, "GetDeviceInformation"), c -> Future.succeededFuture(deviceInformation()));
        ops.put(OnvifSimCall.key(TDS, "GetServices"), c -> Future.succeededFuture(services(c)));
        ops.put(OnvifSimCall.key(TDS, "GetCapabilities"), c -> Future.succeededFuture(capabilities(c)));
        ops.put(OnvifSimCall.key(TDS, "GetScopes"), c -> Future.succeededFuture(scopes()));
        ops.put(OnvifSimCall.key(TDS, "GetServiceCapabilities"),
                c -> Future.succeededFuture("<tds:GetServiceCapabilitiesResponse>" + deviceCapabilities() + "</tds:GetServiceCapabilitiesResponse>"));
        ops.put(OnvifSimCall.key(TDS, "GetWsdlUrl"),
                c -> Future.succeededFuture("<tds:GetWsdlUrlResponse><tds:WsdlUrl>http://www.onvif.org/onvif/ver10/device/wsdl/devicemgmt.wsdl</tds:WsdlUrl></tds:GetWsdlUrlResponse>"));
    }

    private String dateAndTime() {
        ZonedDateTime t = ZonedDateTime.ofInstant(sim.deviceNow(), ZoneOffset.UTC);
        // tt:Time comes before tt:Date (onvif.xsd DateTime); the device is set to UTC, so local = UTC.
        String dt = "<tt:Time>" + el("tt:Hour", t.getHour()) + el("tt:Minute", t.getMinute()) + el("tt:Second", t.getSecond())
                + "</tt:Time><tt:Date>" + el("tt:Year", t.getYear()) + el("tt:Month", t.getMonthValue()) + el("tt:Day", t.getDayOfMonth())
                + "</tt:Date>";
        return "<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime>" + el("tt:DateTimeType", "NTP")
                + el("tt:DaylightSavings", "false") + "<tt:TimeZone>" + el("tt:TZ", "UTC0") + "</tt:TimeZone>"
                + "<tt:UTCDateTime>" + dt + "</tt:UTCDateTime><tt:LocalDateTime>" + dt + "</tt:LocalDateTime>"
                + "</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>";
    }

    private String deviceInformation() {
        OnvifCameraSimulator.DeviceInfo d = sim.deviceInfo();
        return "<tds:GetDeviceInformationResponse>" + el("tds:Manufacturer", d.manufacturer()) + el("tds:Model", d.model())
                + el("tds:FirmwareVersion", d.firmware()) + el("tds:SerialNumber", d.serialNumber()) + el("tds:HardwareId", d.hardwareId())
                + "</tds:GetDeviceInformationResponse>";
    }

    private boolean has(String ns) {
        return services.stream().anyMatch(s -> s.ns().equals(ns));
    }

    private String services(OnvifSimCall c) {
        String include = c.required(TDS, "IncludeCapability");
        boolean caps = "true".equals(include) || "1".equals(include);
        if (!caps && !"false".equals(include) && !"0".equals(include)) {
            throw OnvifSoapFault.sender("IncludeCapability must be a boolean", "InvalidArgVal");
        }
        StringBuilder sb = new StringBuilder("<tds:GetServicesResponse>");
        for (Service s : services) {
            sb.append("<tds:Service>").append(el("tds:Namespace", s.ns())).append(el("tds:XAddr", sim.xaddr(s.path())));
            if (caps) sb.append("<tds:Capabilities>").append(s.capabilities()).append("</tds:Capabilities>");
            // Version after Capabilities (devicemgmt.wsdl).
            sb.append("<tds:Version>").append(el("tt:Major", 21)).append(el("tt:Minor", 12)).append("</tds:Version></tds:Service>");
        }
        return sb.append("</tds:GetServicesResponse>").toString();
    }

    private String capabilities(OnvifSimCall c) {
        Set<String> cats = new LinkedHashSet<>();
        for (var e : OnvifSimXml.children(c.request(), TDS, "Category")) cats.add(e.getTextContent().strip());
        Set<String> offered = new LinkedHashSet<>(List.of("All", "Device"));
        if (has(OnvifNs.TEV)) offered.add("Events");
        if (has(OnvifNs.TRT)) offered.add("Media");
        if (cats.isEmpty() || cats.contains("All")) cats = offered;
        for (String cat : cats) {
            if (!offered.contains(cat)) {
                throw OnvifSoapFault.receiver("No such service: " + OnvifSimXml.clip(cat), "ActionNotSupported", "NoSuchService");
            }
        }
        StringBuilder sb = new StringBuilder("<tds:GetCapabilitiesResponse><tds:Capabilities>");
        if (cats.contains("Device")) sb.append("<tt:Device>").append(el("tt:XAddr", sim.xaddr("device_service"))).append("</tt:Device>");
        if (cats.contains("Events")) {
            sb.append("<tt:Events>").append(el("tt:XAddr", sim.xaddr("event_service")))
                    .append(el("tt:WSSubscriptionPolicySupport", false)).append(el("tt:WSPullPointSupport", true))
                    .append(el("tt:WSPausableSubscriptionManagerInterfaceSupport", false)).append("</tt:Events>");
        }
        if (cats.contains("Media")) {
            sb.append("<tt:Media>").append(el("tt:XAddr", sim.xaddr("media_service"))).append("<tt:StreamingCapabilities>")
                    .append(el("tt:RTPMulticast", false)).append(el("tt:RTP_TCP", true)).append(el("tt:RTP_RTSP_TCP", true))
                    .append("</tt:StreamingCapabilities></tt:Media>");
        }
        if (cats.contains("All") && has(OnvifNs.TRC)) {
            sb.append("<tt:Extension><tt:Recording>").append(el("tt:XAddr", sim.xaddr("recording_service")))
                    .append(el("tt:ReceiverSource", false)).append(el("tt:MediaProfileSource", false))
                    .append(el("tt:DynamicRecordings", false)).append(el("tt:DynamicTracks", false)).append(el("tt:MaxStringLength", 64))
                    .append("</tt:Recording><tt:Search>").append(el("tt:XAddr", sim.xaddr("search_service")))
                    .append(el("tt:MetadataSearch", false)).append("</tt:Search><tt:Replay>")
                    .append(el("tt:XAddr", sim.xaddr("replay_service"))).append("</tt:Replay></tt:Extension>");
        }
        return sb.append("</tds:Capabilities></tds:GetCapabilitiesResponse>").toString();
    }

    private String scopes() {
        OnvifCameraSimulator.DeviceInfo d = sim.deviceInfo();
        List<String> items = new java.util.ArrayList<>();
        if (has(OnvifNs.TRT)) items.add("onvif://www.onvif.org/type/video_encoder");
        for (String p : profiles) items.add("onvif://www.onvif.org/Profile/" + ("S".equals(p) ? "Streaming" : p));
        items.add("onvif://www.onvif.org/hardware/" + d.hardwareId());
        items.add("onvif://www.onvif.org/name/" + d.model().replace(' ', '_'));
        StringBuilder sb = new StringBuilder("<tds:GetScopesResponse>");
        for (String s : items) sb.append("<tds:Scopes>").append(el("tt:ScopeDef", "Fixed")).append(el("tt:ScopeItem", s)).append("</tds:Scopes>");
        return sb.append("</tds:GetScopesResponse>").toString();
    }

    public static String deviceCapabilities() {
        return "<tds:Capabilities><tds:Network IPFilter=\"false\" ZeroConfiguration=\"false\" IPVersion6=\"false\" DynDNS=\"false\"/>"
                + "<tds:Security UsernameToken=\"true\" HttpDigest=\"true\" TLS1.2=\"false\"/>"
                + "<tds:System DiscoveryResolve=\"false\" DiscoveryBye=\"false\" RemoteDiscovery=\"false\" SystemBackup=\"false\""
                + " SystemLogging=\"false\" FirmwareUpgrade=\"false\"/></tds:Capabilities>";
    }

}
