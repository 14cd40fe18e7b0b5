package io.warden.adapter.onvif.soap;

import io.vertx.core.Future;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Profile G: recording search (tse), recording control (trc) and replay (trp). Non-blocking.
 * Search results come unordered and in pages: {@link #findRecordings} loops until the device says
 * Completed (bounded by the deadline and a page limit) and de-duplicates by token.
 */
public final class OnvifSearchOps {
    private static final int MAX_PAGES = 200;

    private final OnvifSoapClient soap;
    private final OnvifServiceMap services;
    private final boolean preserveAddress;

    public OnvifSearchOps(OnvifSoapClient soap, OnvifServiceMap services, boolean preserveAddress) {
        this.soap = soap;
        this.services = services;
        this.preserveAddress = preserveAddress;
    }

    private URI xaddr(String ns, String what) {
        return services.get(ns).orElseThrow(() -> new WardenException(ErrorCode.UNSUPPORTED, "the device lists no " + what + " service"));
    }

    /** Every recording (or only {@code recordingToken}'s when given), with its earliest/latest times. */
    public Future<List<OnvifRecording>> findRecordings(String recordingToken, Instant deadline) {
        URI x;
        try {
            x = xaddr(OnvifNs.TSE, "recording search");
        } catch (WardenException e) {
            return Future.failedFuture(e);
        }
        String scope = recordingToken == null || recordingToken.isEmpty() ? "<tse:Scope/>"
                : "<tse:Scope><tt:IncludedRecordings>" + OnvifWsSecurity.escape(recordingToken) + "</tt:IncludedRecordings></tse:Scope>";
        String find = "<tse:FindRecordings xmlns:tse=\"" + OnvifNs.TSE + "\" xmlns:tt=\"" + OnvifNs.TT + "\">" + scope
                + "<tse:KeepAliveTime>PT10S</tse:KeepAliveTime></tse:FindRecordings>";
        return soap.call(x, OnvifNs.TSE + "/FindRecordings", find, deadline)
                .map(OnvifSearchParsers::searchToken)
                .compose(token -> page(x, token, deadline, new LinkedHashMap<>(), 0)
                        .compose(found -> endSearch(x, token, deadline).map(v -> (List<OnvifRecording>) new ArrayList<>(found.values())),
                                // a failed search still frees its session (devices have few); not after the deadline
                                t -> endSearch(x, token, deadline).compose(v -> Future.failedFuture(t))));
    }

    private Future<Map<String, OnvifRecording>> page(URI x, String token, Instant deadline, Map<String, OnvifRecording> found, int n) {
        if (n >= MAX_PAGES) {
            return Future.failedFuture(new WardenException(ErrorCode.PROTOCOL_ERROR,
                    "GetRecordingSearchResults: search not completed after " + MAX_PAGES + " pages"));
        }
        String body = "<tse:GetRecordingSearchResults xmlns:tse=\"" + OnvifNs.TSE + "\"><tse:SearchToken>"
                + OnvifWsSecurity.escape(token) + "</tse:SearchToken><tse:MinResults>1</tse:MinResults>"
                + "<tse:MaxResults>50</tse:MaxResults><tse:WaitTime>PT2S</tse:WaitTime></tse:GetRecordingSearchResults>";
        return soap.call(x, OnvifNs.TSE + "/GetRecordingSearchResults", body, deadline)
                .map(OnvifSearchParsers::resultPage)
                .compose(p -> {
                    for (OnvifRecording r : p.recordings()) found.putIfAbsent(r.token(), r);
                    return p.completed() ? Future.succeededFuture(found) : page(x, token, deadline, found, n + 1);
                });
    }

    /** EndSearch; its fault (e.g. the session already completed) is ignored, as are timeouts. */
    private Future<Void> endSearch(URI x, String token, Instant deadline) {
        return soap.call(x, OnvifNs.TSE + "/EndSearch", "<tse:EndSearch xmlns:tse=\"" + OnvifNs.TSE + "\"><tse:SearchToken>"
                        + OnvifWsSecurity.escape(token) + "</tse:SearchToken></tse:EndSearch>", deadline)
                .<Void>mapEmpty().otherwiseEmpty();
    }

    /** GetRecordingSummary: [DataFrom, DataUntil) and the number of recordings; empty when there are none. */
    public Future<Optional<Instant[]>> recordingSummary(Instant deadline) {
        return Future.<URI>succeededFuture().compose(v -> soap.call(xaddr(OnvifNs.TSE, "recording search"),
                        OnvifNs.TSE + "/GetRecordingSummary", "<tse:GetRecordingSummary xmlns:tse=\"" + OnvifNs.TSE + "\"/>", deadline))
                .map(r -> {
                    Optional<org.w3c.dom.Element> s = OnvifXml.child(r, OnvifNs.TSE, "Summary");
                    int count = s.flatMap(e -> OnvifXml.childText(e, OnvifNs.TT, "NumberRecordings")).map(OnvifSearchOps::count).orElse(0);
                    if (count == 0) return Optional.<Instant[]>empty();
                    Instant from = OnvifSearchParsers.dateTime(s.flatMap(e -> OnvifXml.childText(e, OnvifNs.TT, "DataFrom")).orElse(""));
                    Instant until = OnvifSearchParsers.dateTime(s.flatMap(e -> OnvifXml.childText(e, OnvifNs.TT, "DataUntil")).orElse(""));
                    return Optional.of(new Instant[] {from, until});
                });
    }

    private static int count(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new WardenException(ErrorCode.PROTOCOL_ERROR, "GetRecordingSummary: tt:NumberRecordings is not a number");
        }
    }

    /** GetRecordings (trc): tokens only. */
    public Future<List<String>> recordings(Instant deadline) {
        return Future.<URI>succeededFuture().compose(v -> soap.call(xaddr(OnvifNs.TRC, "recording"),
                        OnvifNs.TRC + "/GetRecordings", "<trc:GetRecordings xmlns:trc=\"" + OnvifNs.TRC + "\"/>", deadline))
                .map(OnvifSearchParsers::recordingTokens);
    }

    /** GetReplayUri for RTP-Unicast over RTSP; NOT_FOUND for an unknown recording. */
    public Future<URI> replayUri(String recordingToken, Instant deadline) {
        String body = "<trp:GetReplayUri xmlns:trp=\"" + OnvifNs.TRP + "\" xmlns:tt=\"" + OnvifNs.TT + "\"><trp:StreamSetup>"
                + "<tt:Stream>RTP-Unicast</tt:Stream><tt:Transport><tt:Protocol>RTSP</tt:Protocol></tt:Transport></trp:StreamSetup>"
                + "<trp:RecordingToken>" + OnvifWsSecurity.escape(recordingToken) + "</trp:RecordingToken></trp:GetReplayUri>";
        return Future.<URI>succeededFuture().compose(v -> soap.call(xaddr(OnvifNs.TRP, "replay"), OnvifNs.TRP + "/GetReplayUri", body, deadline))
                .map(OnvifSearchParsers::replayUri)
                .map(s -> OnvifDeviceParsers.uri(s).orElseThrow(() ->
                        new WardenException(ErrorCode.PROTOCOL_ERROR, "GetReplayUri: not a URI")))
                .map(u -> preserveAddress ? OnvifAddress.rewrite(u, services.deviceService()) : u);
    }
}
