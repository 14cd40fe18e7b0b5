package io.warden.adapter.onvif.soap;

import static io.warden.adapter.onvif.soap.OnvifXml.child;
import static io.warden.adapter.onvif.soap.OnvifXml.childText;

import io.warden.adapter.api.DoorState;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.xml.namespace.QName;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;

/**
 * Reads door control (tdc) and access control (tac) responses (onvif.md §6). Pure; thread-safe.
 * Failures are PROTOCOL_ERROR naming what is missing; an enum value the schema does not know is
 * {@code UNKNOWN}, never an error (devices add values).
 */
public final class OnvifDoorParsers {

    /** One page of a *InfoList answer: its items and the NextStartReference, null on the last page. */
    public record Page<T>(String next, List<T> items) {
        public Page {
            items = List.copyOf(items);
        }
    }

    private OnvifDoorParsers() {}

    /** GetDoorInfoListResponse. */
    public static Page<OnvifDoorInfo> doorInfoPage(Element response) {
        return page(response, OnvifNs.TDC, "GetDoorInfoList", "DoorInfo", OnvifDoorParsers::doorInfo);
    }

    /** GetAccessPointInfoListResponse; access points whose entity is not a door are left out. */
    public static Page<OnvifAccessPoint> accessPointPage(Element response) {
        return page(response, OnvifNs.TAC, "GetAccessPointInfoList", "AccessPointInfo", OnvifDoorParsers::accessPoint);
    }

    /** GetAreaInfoListResponse. */
    public static Page<OnvifArea> areaPage(Element response) {
        return page(response, OnvifNs.TAC, "GetAreaInfoList", "AreaInfo", a -> new OnvifArea(token(a, "GetAreaInfoList"),
                childText(a, OnvifNs.TAC, "Name").orElse(""), childText(a, OnvifNs.TAC, "Description").orElse(null)));
    }

    private static <T> Page<T> page(Element response, String ns, String op, String item, Function<Element, T> parse) {
        expect(response, ns, op);
        // an empty NextStartReference is no reference: some firmware writes the element on the last page
        String next = childText(response, ns, "NextStartReference").filter(s -> !s.isEmpty()).orElse(null);
        List<T> items = new ArrayList<>();
        for (Element e : OnvifXml.children(response, ns, item)) {
            T t = parse.apply(e);
            if (t != null) items.add(t); // null: an item left out on purpose
        }
        return new Page<>(next, items);
    }

    /** A {@code tdc:DoorInfo}: token, name, description and the capability attributes that are true. */
    public static OnvifDoorInfo doorInfo(Element info) {
        Set<String> caps = new LinkedHashSet<>();
        child(info, OnvifNs.TDC, "Capabilities").ifPresent(c -> {
            NamedNodeMap attrs = c.getAttributes();
            for (int i = 0; i < attrs.getLength(); i++) {
                Attr a = (Attr) attrs.item(i);
                String name = a.getLocalName() != null ? a.getLocalName() : a.getName();
                if (a.getNamespaceURI() == null && bool(a.getValue())) caps.add(name);
            }
        });
        return new OnvifDoorInfo(token(info, "GetDoorInfoList"), childText(info, OnvifNs.TDC, "Name").orElse(""),
                childText(info, OnvifNs.TDC, "Description").orElse(null), caps);
    }

    /** A {@code tac:AccessPointInfo}; null when its EntityType names something other than a door. */
    public static OnvifAccessPoint accessPoint(Element info) {
        String token = token(info, "GetAccessPointInfoList");
        Optional<Element> type = child(info, OnvifNs.TAC, "EntityType");
        if (type.isPresent()) {
            QName q = OnvifXml.qname(type.get(), OnvifXml.text(type.get()));
            boolean door = "Door".equals(q.getLocalPart()) && (OnvifNs.TDC.equals(q.getNamespaceURI()) || q.getNamespaceURI().isEmpty());
            if (!door) return null;
        }
        String entity = childText(info, OnvifNs.TAC, "Entity").filter(s -> !s.isEmpty())
                .orElseThrow(() -> protocol("GetAccessPointInfoList: access point '" + token + "' lacks tac:Entity"));
        return new OnvifAccessPoint(token, childText(info, OnvifNs.TAC, "Name").orElse(""), entity,
                childText(info, OnvifNs.TAC, "AreaFrom").filter(s -> !s.isEmpty()).orElse(null),
                childText(info, OnvifNs.TAC, "AreaTo").filter(s -> !s.isEmpty()).orElse(null));
    }

    /**
     * GetDoorStateResponse. DoorMode is required: without it the device told us nothing we may
     * report. A physical state of Fault is UNKNOWN (the strike or contact cannot be trusted); the
     * door's fault flag is only what {@code tdc:Fault/State} says.
     */
    public static OnvifDoorStatus doorState(Element response) {
        expect(response, OnvifNs.TDC, "GetDoorState");
        Element s = child(response, OnvifNs.TDC, "DoorState")
                .orElseThrow(() -> OnvifDeviceParsers.missing("GetDoorState", "tdc:DoorState"));
        String mode = childText(s, OnvifNs.TDC, "DoorMode")
                .orElseThrow(() -> OnvifDeviceParsers.missing("GetDoorState", "tdc:DoorMode"));
        Optional<Element> fault = child(s, OnvifNs.TDC, "Fault");
        return new OnvifDoorStatus(mode(mode),
                childText(s, OnvifNs.TDC, "DoorPhysicalState").map(OnvifDoorParsers::contact).orElse(DoorState.ContactState.UNKNOWN),
                childText(s, OnvifNs.TDC, "LockPhysicalState").map(OnvifDoorParsers::lock).orElse(DoorState.LockState.UNKNOWN),
                childText(s, OnvifNs.TDC, "Alarm").map(OnvifDoorParsers::alarm).orElse(DoorState.Alarm.UNKNOWN),
                child(s, OnvifNs.TDC, "Tamper").flatMap(t -> childText(t, OnvifNs.TDC, "State"))
                        .map(v -> flag(v, "NotInTamper", "TamperDetected")).orElse(DoorState.Flag.UNKNOWN),
                fault.flatMap(f -> childText(f, OnvifNs.TDC, "State"))
                        .map(v -> flag(v, "NotInFault", "FaultDetected")).orElse(DoorState.Flag.UNKNOWN),
                fault.flatMap(f -> childText(f, OnvifNs.TDC, "Reason")).filter(r -> !r.isEmpty()).orElse(null));
    }

    /** tdc:DoorMode text (also the State of a Door/State/DoorMode event). */
    public static DoorState.Mode mode(String v) {
        return switch (v) {
            case "Locked" -> DoorState.Mode.LOCKED;
            case "Unlocked" -> DoorState.Mode.UNLOCKED;
            case "Accessed" -> DoorState.Mode.ACCESSED;
            case "Blocked" -> DoorState.Mode.BLOCKED;
            case "LockedDown" -> DoorState.Mode.LOCKED_DOWN;
            case "LockedOpen" -> DoorState.Mode.LOCKED_OPEN;
            case "DoubleLocked" -> DoorState.Mode.DOUBLE_LOCKED;
            default -> DoorState.Mode.UNKNOWN;
        };
    }

    /** tdc:DoorPhysicalState text; Fault and Unknown are UNKNOWN. */
    public static DoorState.ContactState contact(String v) {
        return switch (v) {
            case "Open" -> DoorState.ContactState.OPEN;
            case "Closed" -> DoorState.ContactState.CLOSED;
            default -> DoorState.ContactState.UNKNOWN;
        };
    }

    /** tdc:LockPhysicalState text; Fault and Unknown are UNKNOWN. */
    public static DoorState.LockState lock(String v) {
        return switch (v) {
            case "Locked" -> DoorState.LockState.LOCKED;
            case "Unlocked" -> DoorState.LockState.UNLOCKED;
            default -> DoorState.LockState.UNKNOWN;
        };
    }

    /** tdc:Alarm text (also the State of a Door/State/DoorAlarm event). */
    public static DoorState.Alarm alarm(String v) {
        return switch (v) {
            case "Normal" -> DoorState.Alarm.NORMAL;
            case "DoorForcedOpen" -> DoorState.Alarm.FORCED_OPEN;
            case "DoorOpenTooLong" -> DoorState.Alarm.OPEN_TOO_LONG;
            default -> DoorState.Alarm.UNKNOWN;
        };
    }

    private static DoorState.Flag flag(String v, String clear, String active) {
        return v.equals(clear) ? DoorState.Flag.CLEAR : v.equals(active) ? DoorState.Flag.ACTIVE : DoorState.Flag.UNKNOWN;
    }

    /** xs:boolean. */
    private static boolean bool(String v) {
        String t = v.strip();
        return t.equals("true") || t.equals("1");
    }

    /** The unqualified {@code token} attribute (pt:DataEntity); "0" is a token like any other. */
    private static String token(Element e, String op) {
        String t = e.getAttribute("token");
        if (t.isEmpty()) throw protocol(op + ": a " + e.getLocalName() + " lacks its token attribute");
        return t;
    }

    /** A response in another namespace would parse as an empty list: refuse it instead. */
    private static void expect(Element response, String ns, String op) {
        if (!ns.equals(response.getNamespaceURI()) || !(op + "Response").equals(response.getLocalName())) {
            throw protocol(op + ": expected {" + ns + "}" + op + "Response, got {" + response.getNamespaceURI() + "}" + response.getLocalName());
        }
    }

    private static WardenException protocol(String msg) {
        return new WardenException(ErrorCode.PROTOCOL_ERROR, msg);
    }
}
