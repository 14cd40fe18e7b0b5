package io.warden.sim.onvif;

import static io.warden.adapter.onvif.soap.OnvifNs.TSE;
import static io.warden.adapter.onvif.soap.OnvifNs.TT;
import static io.warden.sim.onvif.OnvifSimXml.el;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * Recording search (tse, onvif.md §4.1). A search session finds one more match every {@link #RESULT_INTERVAL}
 * (a real NVR scans its index), so GetRecordingSearchResults blocks per MinResults / MaxResults / WaitTime and a
 * client sees its results over several replies: SearchState is {@code Searching} until the reply that carries the
 * last result, which says {@code Completed}; the session is then gone. A session dies when no request names it
 * within its KeepAliveTime (measured on the config clock); at most {@link #MAX_SESSIONS} live at once.
 *
 * <p>Threading: event loop only (timers run on it too).
 */
final class OnvifSimSearchService {
    static final Duration RESULT_INTERVAL = Duration.ofMillis(40);
    static final Duration MAX_WAIT = Duration.ofSeconds(10);
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(1);
    static final int MAX_SESSIONS = 8;
    static final String CAPABILITIES = "<tse:Capabilities MetadataSearch=\"false\" GeneralStartEvents=\"false\"/>";

    private static final class Session {
        final List<SimulatedRecording> matches;
        final long startedNanos = System.nanoTime();
        final Duration keepAlive;
        Instant lastUse;
        int returned;

        Session(List<SimulatedRecording> matches, Duration keepAlive, Instant now) {
            this.matches = matches;
            this.keepAlive = keepAlive;
            this.lastUse = now;
        }

        /** Results found so far (time-based, real time). */
        int found() {
            long elapsed = System.nanoTime() - startedNanos;
            return (int) Math.min(matches.size(), elapsed / RESULT_INTERVAL.toNanos());
        }

        long nanosUntilFound(int n) {
            return Math.max(0, startedNanos + n * RESULT_INTERVAL.toNanos() - System.nanoTime());
        }
    }

    private final OnvifCameraSimulator sim;
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final Set<Long> timers = new HashSet<>();
    private int nextToken = 1;

    OnvifSimSearchService(OnvifCameraSimulator sim) {
        this.sim = sim;
    }

    void register(Map<String, OnvifSimCall.Operation> ops) {
        ops.put(OnvifSimCall.key(TSE, "FindRecordings"), c -> Future.succeededFuture(find(c)));
        ops.put(OnvifSimCall.key(TSE, "GetRecordingSearchResults"), this::results);
        ops.put(OnvifSimCall.key(TSE, "EndSearch"), c -> Future.succeededFuture(end(c)));
        ops.put(OnvifSimCall.key(TSE, "GetRecordingSummary"), c -> Future.succeededFuture(summary()));
        ops.put(OnvifSimCall.key(TSE, "GetRecordingInformation"), c -> Future.succeededFuture(information(c)));
        ops.put(OnvifSimCall.key(TSE, "GetServiceCapabilities"), c -> Future.succeededFuture(
                "<tse:GetServiceCapabilitiesResponse>" + CAPABILITIES + "</tse:GetServiceCapabilitiesResponse>"));
    }

    /** Cancels pending waits (their HTTP connections close with the server). */
    void close() {
        for (long id : timers) sim.vertx().cancelTimer(id);
        timers.clear();
        sessions.clear();
    }

    /** Live sessions (for tests), after dropping expired ones. */
    int sessions() {
        expire();
        return sessions.size();
    }

    private String find(OnvifSimCall c) {
        Element scope = OnvifSimXml.child(c.request(), TSE, "Scope");
        if (scope == null) throw OnvifSoapFault.sender("FindRecordings: Scope is required", "InvalidArgs");
        Duration keepAlive = OnvifSimXml.parseDuration("KeepAliveTime", c.required(TSE, "KeepAliveTime"));
        String maxText = c.text(TSE, "MaxMatches");
        int maxMatches = Integer.MAX_VALUE;
        if (maxText != null) {
            try {
                maxMatches = Integer.parseInt(maxText);
            } catch (NumberFormatException e) {
                throw OnvifSoapFault.sender("MaxMatches is not an int", "InvalidArgVal");
            }
        }
        Element filter = OnvifSimXml.child(scope, TT, "RecordingInformationFilter");
        if (filter != null && !filter.getTextContent().isBlank()) {
            throw OnvifSoapFault.receiver("RecordingInformationFilter (XPath) is not supported", "ActionNotSupported");
        }
        Set<String> sources = new HashSet<>();
        for (Element s : OnvifSimXml.children(scope, TT, "IncludedSources")) {
            String token = OnvifSimXml.childText(s, TT, "Token");
            if (token != null) sources.add(token);
        }
        Set<String> recordings = new HashSet<>();
        for (Element r : OnvifSimXml.children(scope, TT, "IncludedRecordings")) recordings.add(r.getTextContent().strip());
        List<SimulatedRecording> matches = new ArrayList<>();
        for (SimulatedRecording r : sim.recordings().values()) {
            if (matches.size() >= maxMatches) break;
            if (!sources.isEmpty() && !sources.contains(r.sourceToken())) continue;
            if (!recordings.isEmpty() && !recordings.contains(r.token())) continue;
            matches.add(r);
        }
        expire();
        if (sessions.size() >= MAX_SESSIONS) {
            throw OnvifSoapFault.receiver("Too many search sessions (" + MAX_SESSIONS + "); end one first", "Action", "ResourceProblem");
        }
        String token = "RecordingSearch_" + nextToken++;
        sessions.put(token, new Session(matches, keepAlive, sim.config().clock().instant()));
        return "<tse:FindRecordingsResponse>" + el("tse:SearchToken", token) + "</tse:FindRecordingsResponse>";
    }

    private Future<String> results(OnvifSimCall c) {
        String token = c.required(TSE, "SearchToken");
        Session s = session(token);
        int min = Math.max(1, intOr(c, "MinResults", 1));
        int max = Math.max(1, Math.min(intOr(c, "MaxResults", Integer.MAX_VALUE), s.matches.size() + 1));
        String waitText = c.text(TSE, "WaitTime");
        Duration wait = waitText == null ? DEFAULT_WAIT : OnvifSimXml.parseDuration("WaitTime", waitText);
        if (wait.compareTo(MAX_WAIT) > 0) wait = MAX_WAIT;
        int target = Math.min(s.matches.size(), s.returned + Math.min(min, max));
        long untilTarget = s.nanosUntilFound(target);
        long delayNanos = Math.min(untilTarget, wait.toNanos());
        long delayMs = (delayNanos + 999_999) / 1_000_000;
        if (delayMs <= 0) return Future.succeededFuture(page(token, s, max, 0));
        // A timer set for the target counts it found when it fires, whatever the timer's rounding.
        int foundAtFire = untilTarget <= wait.toNanos() ? target : 0;
        Promise<String> reply = Promise.promise();
        long[] id = new long[1];
        id[0] = sim.vertx().setTimer(delayMs, t -> {
            timers.remove(id[0]);
            reply.complete(page(token, s, max, foundAtFire));
        });
        timers.add(id[0]);
        return reply.future();
    }

    /** The results found and not yet returned, at most {@code max}; Completed once the last one goes out. */
    private String page(String token, Session s, int max, int foundAtLeast) {
        s.lastUse = sim.config().clock().instant();
        int upTo = sessions.get(token) == s ? Math.min(Math.max(s.found(), foundAtLeast), s.returned + max) : s.returned;
        StringBuilder items = new StringBuilder();
        for (int i = s.returned; i < upTo; i++) items.append(OnvifSimRecordingService.information(sim, s.matches.get(i), "tt:RecordingInformation"));
        s.returned = upTo;
        boolean done = s.returned >= s.matches.size() || sessions.get(token) != s;
        if (done) sessions.remove(token);
        return "<tse:GetRecordingSearchResultsResponse><tse:ResultList>" + el("tt:SearchState", done ? "Completed" : "Searching")
                + items + "</tse:ResultList></tse:GetRecordingSearchResultsResponse>";
    }

    private String end(OnvifSimCall c) {
        String token = c.required(TSE, "SearchToken");
        session(token);
        sessions.remove(token);
        return "<tse:EndSearchResponse>" + el("tse:Endpoint", OnvifSimXml.time(sim.config().clock().instant())) + "</tse:EndSearchResponse>";
    }

    private String summary() {
        Instant now = sim.deviceNow(); // footage is stamped with the device clock
        Instant from = null;
        Instant until = null;
        for (SimulatedRecording r : sim.recordings().values()) {
            if (from == null || r.start().isBefore(from)) from = r.start();
            Instant end = r.endAt(now);
            if (until == null || end.isAfter(until)) until = end;
        }
        String none = OnvifSimXml.time(Instant.EPOCH);
        return "<tse:GetRecordingSummaryResponse><tse:Summary>" + el("tt:DataFrom", from == null ? none : OnvifSimXml.time(from))
                + el("tt:DataUntil", until == null ? none : OnvifSimXml.time(until)) + el("tt:NumberRecordings", sim.recordings().size())
                + "</tse:Summary></tse:GetRecordingSummaryResponse>";
    }

    private String information(OnvifSimCall c) {
        String token = c.required(TSE, "RecordingToken");
        SimulatedRecording r = sim.recordings().get(token);
        if (r == null) throw OnvifSoapFault.sender("No recording " + OnvifSimXml.clip(token), "InvalidArgVal", "InvalidToken");
        return "<tse:GetRecordingInformationResponse>" + OnvifSimRecordingService.information(sim, r, "tse:RecordingInformation")
                + "</tse:GetRecordingInformationResponse>";
    }

    private Session session(String token) {
        expire();
        Session s = sessions.get(token);
        if (s == null) throw OnvifSoapFault.sender("Unknown or expired search token " + OnvifSimXml.clip(token), "InvalidArgVal", "InvalidToken");
        s.lastUse = sim.config().clock().instant();
        return s;
    }

    private void expire() {
        Instant now = sim.config().clock().instant();
        for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
            Session s = it.next();
            if (s.lastUse.plus(s.keepAlive).isBefore(now)) it.remove();
        }
    }

    private static int intOr(OnvifSimCall c, String local, int dflt) {
        String t = c.text(TSE, local);
        if (t == null) return dflt;
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw OnvifSoapFault.sender(local + " is not an int", "InvalidArgVal");
        }
    }
}
