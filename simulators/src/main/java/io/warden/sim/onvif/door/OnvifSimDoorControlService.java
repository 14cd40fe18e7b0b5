package io.warden.sim.onvif.door;

import static io.warden.adapter.onvif.soap.OnvifNs.TDC;
import static io.warden.sim.onvif.OnvifSimXml.el;

import io.vertx.core.Future;
import io.warden.sim.onvif.OnvifSimCall;
import io.warden.sim.onvif.OnvifSimXml;
import io.warden.sim.onvif.OnvifSoapFault;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The door control service (tdc, onvif.md §6.1): capabilities, the paged door list, door info and state, and the
 * door commands through the simulator's state machine. Runs on the simulator's context.
 */
final class OnvifSimDoorControlService {
    private final OnvifDoorControllerSimulator sim;

    OnvifSimDoorControlService(OnvifDoorControllerSimulator sim) {
        this.sim = sim;
    }

    String capabilities() {
        return "<tdc:Capabilities MaxLimit=\"" + sim.config().pageSize() + "\" MaxDoors=\"" + sim.config().doors().size()
                + "\" ClientSuppliedTokenSupported=\"false\" DoorManagementSupported=\"false\"/>";
    }

    void register(Map<String, OnvifSimCall.Operation> ops) {
        ops.put(OnvifSimCall.key(TDC, "GetServiceCapabilities"),
                c -> Future.succeededFuture("<tdc:GetServiceCapabilitiesResponse>" + capabilities() + "</tdc:GetServiceCapabilitiesResponse>"));
        ops.put(OnvifSimCall.key(TDC, "GetDoorInfoList"), c -> Future.succeededFuture(infoList(c)));
        ops.put(OnvifSimCall.key(TDC, "GetDoorInfo"), c -> Future.succeededFuture(info(c)));
        ops.put(OnvifSimCall.key(TDC, "GetDoorState"), c -> Future.succeededFuture(
                "<tdc:GetDoorStateResponse>" + sim.door(c.required(TDC, "Token")).stateXml() + "</tdc:GetDoorStateResponse>"));
        for (DoorModeTable.Command cmd : DoorModeTable.Command.values()) {
            ops.put(OnvifSimCall.key(TDC, cmd.operation), c -> {
                String token = c.required(TDC, "Token");
                sim.command(token, cmd, duration(c, "AccessTime"), duration(c, "OpenTooLongTime"));
                return Future.succeededFuture("<tdc:" + cmd.operation + "Response/>");
            });
        }
    }

    private static Duration duration(OnvifSimCall c, String field) {
        String t = c.text(TDC, field);
        return t == null || t.isEmpty() ? null : OnvifSimXml.parseDuration(field, t);
    }

    private String infoList(OnvifSimCall c) {
        Paging.Page<SimulatedDoor> page = Paging.page(sim.doors(), SimulatedDoor::token, c.text(TDC, "Limit"), c.text(TDC, "StartReference"),
                sim.config().pageSize());
        StringBuilder sb = new StringBuilder("<tdc:GetDoorInfoListResponse>");
        if (page.next() != null) sb.append(el("tdc:NextStartReference", page.next()));
        for (SimulatedDoor d : page.items()) sb.append(d.doorInfoXml());
        return sb.append("</tdc:GetDoorInfoListResponse>").toString();
    }

    /** Unknown tokens are skipped (onvif.md §6.1); more than MaxLimit is TooManyItems. */
    private String info(OnvifSimCall c) {
        List<String> tokens = OnvifSimXml.children(c.request(), TDC, "Token").stream().map(e -> e.getTextContent().strip()).toList();
        if (tokens.isEmpty()) throw OnvifSoapFault.sender("GetDoorInfo: Token is required", "InvalidArgs");
        if (tokens.size() > sim.config().pageSize()) {
            throw OnvifSoapFault.sender("More than MaxLimit (" + sim.config().pageSize() + ") tokens", "InvalidArgs", "TooManyItems");
        }
        StringBuilder sb = new StringBuilder("<tdc:GetDoorInfoResponse>");
        for (SimulatedDoor d : sim.doors()) {
            if (tokens.contains(d.token())) sb.append(d.doorInfoXml());
        }
        return sb.append("</tdc:GetDoorInfoResponse>").toString();
    }
}
