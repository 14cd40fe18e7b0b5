package io.warden.adapter.onvif.soap;

import io.vertx.core.Future;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.w3c.dom.Element;

/**
 * Door control and access control (Profile C, onvif.md §6) over {@link OnvifSoapClient}: the doors and
 * access points with paging, a door's state, and the door commands. Commands answer empty: success
 * means the device accepted, not that the door moved (confirm with {@link #state}). Faults become
 * {@link io.warden.adapter.api.WardenException}s: {@code InvalidArgs/NotFound} → NOT_FOUND,
 * {@code Action/Failure} → DEVICE_REJECTED with the device's reason (also in
 * {@link OnvifSoapFault#in(Throwable)}). Every request carries the caller's deadline. Non-blocking.
 */
public final class OnvifDoorOps {
    /** Pages of one list walk; a device paging past this is broken (a real one has a few dozen doors). */
    static final int MAX_PAGES = 100;

    private final OnvifSoapClient soap;
    private final URI doorControl;
    private final URI accessControl;
    private final int maxPages;

    /** @throws io.warden.adapter.api.WardenException UNSUPPORTED when the device advertises no door control service */
    public OnvifDoorOps(OnvifSoapClient soap, OnvifServiceMap services) {
        this(soap, services, MAX_PAGES);
    }

    /** With another bound on the pages of one list (tests). */
    OnvifDoorOps(OnvifSoapClient soap, OnvifServiceMap services, int maxPages) {
        this.soap = soap;
        this.maxPages = maxPages;
        this.doorControl = services.get(OnvifNs.TDC).orElseThrow(() -> new WardenException(ErrorCode.UNSUPPORTED,
                "the ONVIF device at " + services.deviceService().getAuthority() + " lists no door control service ("
                        + OnvifNs.TDC + ")"));
        this.accessControl = services.get(OnvifNs.TAC).orElse(null);
    }

    /** Whether the device has an access control service (access points, areas). */
    public boolean hasAccessControl() {
        return accessControl != null;
    }

    /** Every door, GetDoorInfoList page by page (starting again once on InvalidStartReference). */
    public Future<List<OnvifDoorInfo>> doors(Instant deadline) {
        return list(doorControl, OnvifNs.TDC, "tdc", "GetDoorInfoList", OnvifDoorParsers::doorInfoPage, OnvifDoorInfo::token, deadline);
    }

    /** Every access point, page by page; empty when the device has no access control service. */
    public Future<List<OnvifAccessPoint>> accessPoints(Instant deadline) {
        if (accessControl == null) return Future.succeededFuture(List.of());
        return list(accessControl, OnvifNs.TAC, "tac", "GetAccessPointInfoList", OnvifDoorParsers::accessPointPage,
                OnvifAccessPoint::token, deadline);
    }

    /** Every area, page by page; empty when the device has no access control service. */
    public Future<List<OnvifArea>> areas(Instant deadline) {
        if (accessControl == null) return Future.succeededFuture(List.of());
        return list(accessControl, OnvifNs.TAC, "tac", "GetAreaInfoList", OnvifDoorParsers::areaPage, OnvifArea::token, deadline);
    }

    /** GetDoorState; NOT_FOUND for a token the device does not know. */
    public Future<OnvifDoorStatus> state(String token, Instant deadline) {
        return call("GetDoorState", token, "", deadline).map(OnvifDoorParsers::doorState);
    }

    public Future<Void> lock(String token, Instant deadline) {
        return command("LockDoor", token, "", deadline);
    }

    public Future<Void> unlock(String token, Instant deadline) {
        return command("UnlockDoor", token, "", deadline);
    }

    /** AccessDoor; {@code accessTime} overrides the door's release time when not null. */
    public Future<Void> access(String token, Duration accessTime, Instant deadline) {
        if (accessTime != null && accessTime.isNegative()) {
            return Future.failedFuture(new WardenException(ErrorCode.BAD_REQUEST, "AccessDoor: negative access time " + accessTime));
        }
        // schema order: Token, UseExtendedTime?, AccessTime?, OpenTooLongTime?, PreAlarmTime?
        String extra = accessTime == null ? "" : "<tdc:AccessTime>" + accessTime + "</tdc:AccessTime>";
        return command("AccessDoor", token, extra, deadline);
    }

    public Future<Void> lockDown(String token, Instant deadline) {
        return command("LockDownDoor", token, "", deadline);
    }

    public Future<Void> lockDownRelease(String token, Instant deadline) {
        return command("LockDownReleaseDoor", token, "", deadline);
    }

    private Future<Void> command(String op, String token, String extra, Instant deadline) {
        return call(op, token, extra, deadline).compose(r -> OnvifNs.TDC.equals(r.getNamespaceURI()) ? Future.<Void>succeededFuture()
                : Future.failedFuture(new WardenException(ErrorCode.PROTOCOL_ERROR, op + ": expected {" + OnvifNs.TDC + "}" + op
                        + "Response, got {" + r.getNamespaceURI() + "}" + r.getLocalName())));
    }

    /** {@code <tdc:Op><tdc:Token>token</tdc:Token>extra</tdc:Op>} to the door control service. */
    private Future<Element> call(String op, String token, String extra, Instant deadline) {
        if (token == null) return Future.failedFuture(new WardenException(ErrorCode.BAD_REQUEST, op + ": no door token"));
        String body = "<tdc:" + op + " xmlns:tdc=\"" + OnvifNs.TDC + "\"><tdc:Token>" + OnvifWsSecurity.escape(token) + "</tdc:Token>"
                + extra + "</tdc:" + op + ">";
        return soap.call(doorControl, OnvifNs.TDC + "/" + op, body, deadline);
    }

    /**
     * A whole *InfoList: pages while NextStartReference is given. On InvalidStartReference (the
     * list changed under us) the walk starts again from the beginning, once. A reference the device
     * already gave, or more than {@code maxPages} pages, is PROTOCOL_ERROR: such a device would
     * page forever.
     */
    private <T> Future<List<T>> list(URI x, String ns, String prefix, String op, Function<Element, OnvifDoorParsers.Page<T>> parse,
                                     Function<T, String> key, Instant deadline) {
        return new Walk<>(x, ns, prefix, op, parse, key, deadline).page(null)
                .recover(t -> t instanceof StartAgain
                        ? new Walk<>(x, ns, prefix, op, parse, key, deadline).page(null)
                                .recover(t2 -> Future.failedFuture(t2 instanceof StartAgain a2 ? a2.fault : t2))
                        : Future.failedFuture(t));
    }

    /** InvalidStartReference on a page after the first: the list changed, the walk may start again. */
    private static final class StartAgain extends RuntimeException {
        private final Throwable fault;

        StartAgain(Throwable fault) {
            super(null, null, false, false);
            this.fault = fault;
        }
    }

    /** One walk through a list's pages. */
    private final class Walk<T> {
        private final URI x;
        private final String ns;
        private final String prefix;
        private final String op;
        private final Function<Element, OnvifDoorParsers.Page<T>> parse;
        private final Function<T, String> key;
        private final Instant deadline;
        private final Map<String, T> found = new LinkedHashMap<>();
        private final Set<String> references = new HashSet<>();
        private int pages;

        Walk(URI x, String ns, String prefix, String op, Function<Element, OnvifDoorParsers.Page<T>> parse, Function<T, String> key,
             Instant deadline) {
            this.x = x;
            this.ns = ns;
            this.prefix = prefix;
            this.op = op;
            this.parse = parse;
            this.key = key;
            this.deadline = deadline;
        }

        Future<List<T>> page(String start) {
            String body = "<" + prefix + ":" + op + " xmlns:" + prefix + "=\"" + ns + "\">"
                    + (start == null ? "" : "<" + prefix + ":StartReference>" + OnvifWsSecurity.escape(start) + "</" + prefix + ":StartReference>")
                    + "</" + prefix + ":" + op + ">";
            pages++;
            return soap.call(x, ns + "/" + op, body, deadline)
                    .recover(t -> start != null && OnvifSoapFault.in(t).map(f -> f.has("InvalidStartReference")).orElse(false)
                            ? Future.failedFuture(new StartAgain(t)) : Future.failedFuture(t))
                    .map(parse)
                    .compose(p -> {
                        for (T item : p.items()) found.putIfAbsent(key.apply(item), item);
                        if (p.next() == null) return Future.succeededFuture(new ArrayList<>(found.values()));
                        if (!references.add(p.next())) {
                            return Future.failedFuture(new WardenException(ErrorCode.PROTOCOL_ERROR, op + ": the device gave NextStartReference '"
                                    + shorten(p.next()) + "' again; its paging would not end"));
                        }
                        if (pages >= maxPages) {
                            return Future.failedFuture(new WardenException(ErrorCode.PROTOCOL_ERROR, op + ": still not at the end after "
                                    + maxPages + " pages (NextStartReference '" + shorten(p.next()) + "')"));
                        }
                        return page(p.next());
                    });
        }
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
