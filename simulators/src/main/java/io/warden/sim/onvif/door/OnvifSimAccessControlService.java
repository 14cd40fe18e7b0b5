package io.warden.sim.onvif.door;

import static io.warden.adapter.onvif.soap.OnvifNs.TAC;
import static io.warden.sim.onvif.OnvifSimXml.el;
import static io.warden.sim.onvif.OnvifSimXml.esc;

import io.vertx.core.Future;
import io.warden.sim.onvif.OnvifSimCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The access control service (tac, onvif.md §6.2), read-only: two access points per door ({@code <door>-in} from
 * outside in, {@code <door>-out} the request-to-exit side), both naming the door as their Entity; two areas.
 * Paged like the door list. Runs on the simulator's context.
 */
final class OnvifSimAccessControlService {
    static final String OUTSIDE = "Area_Outside";
    static final String INSIDE = "Area_Inside";

    private record Point(String token, String name, String door, String from, String to, boolean in) {}

    private record Area(String token, String name) {}

    private final OnvifDoorControllerSimulator sim;
    private final List<Point> points = new ArrayList<>();
    private final List<Area> areas = List.of(new Area(OUTSIDE, "Outside"), new Area(INSIDE, "Inside"));

    OnvifSimAccessControlService(OnvifDoorControllerSimulator sim) {
        this.sim = sim;
        for (OnvifDoorControllerSimulator.Door d : sim.config().doors()) {
            points.add(new Point(d.token() + "-in", d.name() + " entry", d.token(), OUTSIDE, INSIDE, true));
            points.add(new Point(d.token() + "-out", d.name() + " exit", d.token(), INSIDE, OUTSIDE, false));
        }
    }

    String capabilities() {
        return "<tac:Capabilities MaxLimit=\"" + sim.config().pageSize() + "\" MaxAccessPoints=\"" + points.size() + "\" MaxAreas=\""
                + areas.size() + "\" ClientSuppliedTokenSupported=\"false\"/>";
    }

    void register(Map<String, OnvifSimCall.Operation> ops) {
        ops.put(OnvifSimCall.key(TAC, "GetServiceCapabilities"),
                c -> Future.succeededFuture("<tac:GetServiceCapabilitiesResponse>" + capabilities() + "</tac:GetServiceCapabilitiesResponse>"));
        ops.put(OnvifSimCall.key(TAC, "GetAccessPointInfoList"), c -> Future.succeededFuture(pointList(c)));
        ops.put(OnvifSimCall.key(TAC, "GetAreaInfoList"), c -> Future.succeededFuture(areaList(c)));
    }

    private String pointList(OnvifSimCall c) {
        Paging.Page<Point> page = Paging.page(points, Point::token, c.text(TAC, "Limit"), c.text(TAC, "StartReference"), sim.config().pageSize());
        StringBuilder sb = new StringBuilder("<tac:GetAccessPointInfoListResponse>");
        if (page.next() != null) sb.append(el("tac:NextStartReference", page.next()));
        for (Point p : page.items()) {
            sb.append("<tac:AccessPointInfo token=\"").append(esc(p.token())).append("\">").append(el("tac:Name", p.name()))
                    .append(el("tac:AreaFrom", p.from())).append(el("tac:AreaTo", p.to())).append(el("tac:EntityType", "tdc:Door"))
                    .append(el("tac:Entity", p.door()))
                    .append("<tac:Capabilities DisableAccessPoint=\"false\" Duress=\"false\" AnonymousAccess=\"").append(!p.in())
                    .append("\" AccessTaken=\"false\" ExternalAuthorization=\"false\"/></tac:AccessPointInfo>");
        }
        return sb.append("</tac:GetAccessPointInfoListResponse>").toString();
    }

    private String areaList(OnvifSimCall c) {
        Paging.Page<Area> page = Paging.page(areas, Area::token, c.text(TAC, "Limit"), c.text(TAC, "StartReference"), sim.config().pageSize());
        StringBuilder sb = new StringBuilder("<tac:GetAreaInfoListResponse>");
        if (page.next() != null) sb.append(el("tac:NextStartReference", page.next()));
        for (Area a : page.items()) sb.append("<tac:AreaInfo token=\"").append(esc(a.token())).append("\">").append(el("tac:Name", a.name())).append("</tac:AreaInfo>");
        return sb.append("</tac:GetAreaInfoListResponse>").toString();
    }
}
