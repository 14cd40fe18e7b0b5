package io.warden.osdp.cp;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.osdp.codec.Bytes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.osdp.codec.OsdpCommand;
import io.warden.osdp.codec.OsdpFrame;
import io.warden.osdp.codec.OsdpFrameCodec;
import io.warden.osdp.codec.OsdpFramer;
import io.warden.osdp.codec.OsdpReply;
import io.warden.osdp.transport.OsdpLoopbackTransport;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Scripted conversations: the test plays the PD on an in-memory link, checks every byte the control
 * panel sends and injects replies. Frames marked "captured" are libosdp traffic from osdp-vectors.md.
 */
class OsdpCpBusConversationTest {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();
    private static final long WAIT_MS = 10_000;

    private final Vertx vertx = Vertx.vertx();
    private final BlockingQueue<String> sent = new LinkedBlockingQueue<>();
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private OsdpLoopbackTransport pd;
    private OsdpCpBus bus;
    /** Whether the line permit grants (flipped by the permit test). */
    private final java.util.concurrent.atomic.AtomicBoolean owned = new java.util.concurrent.atomic.AtomicBoolean(true);
    private final io.warden.adapter.api.LinePermit permit = new io.warden.adapter.api.LinePermit() {
        public boolean mayDrive() { return owned.get(); }
        public String refusal() { return "test: lease lapsed"; }
    };

    @AfterEach
    void close() throws Exception {
        if (bus != null) await(bus.stop());
        await(vertx.close());
    }

    private void start(OsdpCpOptions options) throws Exception {
        var pair = OsdpLoopbackTransport.create(vertx);
        pd = pair.b();
        OsdpFramer framer = new OsdpFramer(OsdpFramer.Accept.COMMANDS, 1440);
        pd.handler(bytes -> {
            framer.feed(bytes, 0, bytes.length);
            for (var o = framer.next(); !(o instanceof OsdpFramer.NeedMore); o = framer.next()) {
                if (o instanceof OsdpFramer.Frame f) sent.add((f.marked() ? "FF " : "") + HEX.formatHex(f.wire().toArray()));
            }
        });
        await(pd.open());
        OsdpCpListener listener = new OsdpCpListener() {
            public void onReport(int address, OsdpReply reply) { heard.add("report " + reply); }
            public void onOnline(int address, String detail) { heard.add("online " + detail); }
            public void onOffline(int address, io.warden.adapter.api.DeviceHealth.Reason reason, String detail) { heard.add("offline " + detail); }
        };
        bus = new OsdpCpBus(vertx, pair.a(), options, List.of(OsdpCpDeviceConfig.plain(1)), listener, new OsdpCpStartup(new SecureRandom()), permit);
        await(bus.start());
    }

    /** Takes the ID/CAP/status start-up with captured replies where the capture has them. */
    private void bringOnline() throws Exception {
        expect("FF 53 01 09 00 04 61 00 60 23"); // captured ID, SQN 0
        bringOnlineAgain();
        until(() -> heard.stream().anyMatch(h -> h.startsWith("online")), "online reported");
    }

    /** The start-up after the ID with SQN 0 the caller already expected. */
    private void bringOnlineAgain() throws Exception {
        reply("FF 53 81 14 00 04 45 C3 B2 A1 99 01 04 03 02 01 01 02 03 1C 78"); // captured PDID
        expect("FF 53 01 09 00 05 62 00 03 41"); // captured CAP, SQN 1
        reply("FF 53 81 29 00 05 46 01 01 04 02 01 04 03 01 00 04 01 01 05 01 01 06 01 01 08 01 00 09 01 00 0A 00 01 0D 00 01 10 02 00 19 AB");
        expect(command(2, new OsdpCommand.IStat()));
        reply(reply(2, new OsdpReply.IStatR(new int[] {0, 0, 0, 0})));
        expect(command(3, new OsdpCommand.OStat()));
        reply(reply(3, new OsdpReply.OStatR(new int[] {0, 0, 0, 0})));
        expect(command(1, new OsdpCommand.LStat()));
        reply(reply(1, new OsdpReply.LStatR(false, false)));
    }

    @Test
    void startsUpPollsAndLetsACommandJumpTheQueue() throws Exception {
        start(OsdpCpOptions.DEFAULTS.withReplyTimeout(Duration.ofSeconds(5)));
        bringOnline();
        assertThat(heard).anyMatch(h -> h.startsWith("report IStatR")).anyMatch(h -> h.startsWith("report OStatR"));

        expect("FF 53 01 08 00 06 60 D8 66"); // captured POLL, SQN 2
        Future<OsdpReply> out = bus.send(1, new OsdpCommand.Out(List.of(OsdpCommand.OutputControl.pulse(0, 30))), soon());
        reply("FF 53 81 08 00 06 40 6A 60"); // captured ACK
        expect("FF 53 01 0C 00 07 68 00 05 1E 00 12 31"); // captured OUT, SQN 3: output 0 on for 3 s
        reply("FF 53 81 08 00 07 40 5B 53");
        assertThat(await(out)).isEqualTo(new OsdpReply.Ack());

        expect("FF 53 01 08 00 05 60 8B 33"); // captured POLL: SQN wraps 3 -> 1, never 0
        reply(reply(1, new OsdpReply.Raw(0, 1, 26, Bytes.of(new byte[] {0x0A, 0x1B, 0x2C, 0x40}))));
        until(() -> heard.stream().anyMatch(h -> h.startsWith("report Raw")), "the raw card report");
    }

    @Test
    void aNakFailsTheCommandWithTheReason() throws Exception {
        start(OsdpCpOptions.DEFAULTS.withReplyTimeout(Duration.ofSeconds(5)));
        bringOnline();
        expect(command(2, new OsdpCommand.Poll()));
        Future<OsdpReply> out = bus.send(1, new OsdpCommand.Out(List.of(OsdpCommand.OutputControl.permanentOn(7))), soon());
        reply(reply(2, new OsdpReply.Ack()));
        expect(command(3, new OsdpCommand.Out(List.of(OsdpCommand.OutputControl.permanentOn(7)))));
        reply(reply(3, new OsdpReply.Nak(0x03, Bytes.EMPTY)));
        Throwable t = awaitFailure(out);
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_REJECTED);
        assertThat(t).hasMessageContaining("NAK 0x03");
    }

    @Test
    void anUnansweredPollIsResentByteForByteThenThePdGoesOffline() throws Exception {
        start(OsdpCpOptions.DEFAULTS.withReplyTimeout(Duration.ofMillis(300)).withOfflineAfter(Duration.ofSeconds(2)));
        bringOnline();
        String poll = command(2, new OsdpCommand.Poll());
        expect(poll);
        expect(poll); // no reply: the same frame, same SQN
        reply(reply(2, new OsdpReply.Ack()));
        expect(command(3, new OsdpCommand.Poll()));
        // From now on the PD is silent.
        until(() -> heard.stream().anyMatch(h -> h.startsWith("offline no valid reply")), "offline reported");
        Throwable t = awaitFailure(bus.send(1, new OsdpCommand.OStat(), soon()));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(bus.isOnline(1)).isFalse();
        // The probe starts again from ID with SQN 0.
        sent.clear();
        expect("FF 53 01 09 00 04 61 00 60 23");
    }

    @Test
    void busyMeansNotDoneAndTheSameFrameIsSentAgain() throws Exception {
        start(OsdpCpOptions.DEFAULTS.withReplyTimeout(Duration.ofSeconds(5)));
        bringOnline();
        expect(command(2, new OsdpCommand.Poll()));
        Future<OsdpReply> out = bus.send(1, new OsdpCommand.Out(List.of(OsdpCommand.OutputControl.permanentOn(0))), soon());
        reply(reply(2, new OsdpReply.Ack()));
        String frame = command(3, new OsdpCommand.Out(List.of(OsdpCommand.OutputControl.permanentOn(0))));
        expect(frame);
        reply(reply(0, new OsdpReply.Busy())); // BUSY may carry SQN 0
        expect(frame); // after the busy delay: same SQN, same bytes
        assertThat(out.isComplete()).isFalse();
        reply(reply(3, new OsdpReply.Ack()));
        assertThat(await(out)).isEqualTo(new OsdpReply.Ack());
    }

    @Test
    void aPdThatStaysBusyFailsTheCommandInsteadOfHoldingItForever() throws Exception {
        start(OsdpCpOptions.DEFAULTS.withReplyTimeout(Duration.ofSeconds(5)).withOfflineAfter(Duration.ofSeconds(1)));
        bringOnline();
        expect(command(2, new OsdpCommand.Poll()));
        Future<OsdpReply> out = bus.send(1, new OsdpCommand.OStat(), soon());
        reply(reply(2, new OsdpReply.Ack()));
        String frame = command(3, new OsdpCommand.OStat());
        while (!out.isComplete()) {
            String got = sent.poll(WAIT_MS, TimeUnit.MILLISECONDS);
            if (got == null || out.isComplete()) break;
            if (got.equals(frame)) reply(reply(3, new OsdpReply.Busy()));
        }
        Throwable t = awaitFailure(out);
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_BUSY);
        assertThat(bus.isOnline(1)).as("busy is an answer: still online").isTrue();
    }

    @Test
    void aSequenceErrorRestartsThePdFromSqnZero() throws Exception {
        start(OsdpCpOptions.DEFAULTS.withReplyTimeout(Duration.ofSeconds(5)));
        bringOnline();
        expect(command(2, new OsdpCommand.Poll()));
        reply("FF 53 81 09 00 06 41 04 42 DF"); // captured NAK 04 carrying the PD's own SQN
        expect("FF 53 01 09 00 04 61 00 60 23");
    }

    @Test
    void aReplyWithSqnZeroToANonZeroCommandRestartsThePd() throws Exception {
        start(OsdpCpOptions.DEFAULTS.withReplyTimeout(Duration.ofSeconds(5)));
        bringOnline();
        expect(command(2, new OsdpCommand.Poll()));
        Future<OsdpReply> out = bus.send(1, new OsdpCommand.Out(List.of(OsdpCommand.OutputControl.permanentOn(0))), soon());
        reply(reply(0, new OsdpReply.Ack())); // the PD restarted and asks for a reset (osdp.md section 4)
        expect("FF 53 01 09 00 04 61 00 60 23"); // ID with SQN 0 at once, not after the reply timer
        bringOnlineAgain();
        expect(command(2, new OsdpCommand.Out(List.of(OsdpCommand.OutputControl.permanentOn(0))))); // the OUT, once it is back
        reply(reply(2, new OsdpReply.Ack()));
        assertThat(await(out)).isEqualTo(new OsdpReply.Ack());
    }

    @Test
    void aPdThatAnswersWithSqnZeroDuringItsStartUpIsNotRestartedInALoop() throws Exception {
        start(OsdpCpOptions.DEFAULTS.withReplyTimeout(Duration.ofMillis(300)));
        expect("FF 53 01 09 00 04 61 00 60 23");
        reply("FF 53 81 14 00 04 45 C3 B2 A1 99 01 04 03 02 01 01 02 03 1C 78");
        expect("FF 53 01 09 00 05 62 00 03 41");
        long t0 = System.nanoTime();
        reply(HEX.formatHex(OsdpFrameCodec.encode(OsdpFrame.plain(1, true, 0, true, 0x46, Bytes.of(new byte[] {1, 1, 4})), true)));
        expect("FF 53 01 09 00 04 61 00 60 23"); // probed again from ID after its timer, not at once
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aSequenceErrorDuringStartUpIsAFailedStartUpProbedAgainLaterNotARestartLoop() throws Exception {
        start(OsdpCpOptions.DEFAULTS.withReplyTimeout(Duration.ofSeconds(5)).withProbeInterval(Duration.ofMillis(500)));
        expect("FF 53 01 09 00 04 61 00 60 23");
        reply("FF 53 81 14 00 04 45 C3 B2 A1 99 01 04 03 02 01 01 02 03 1C 78");
        expect("FF 53 01 09 00 05 62 00 03 41");
        long t0 = System.nanoTime();
        reply("FF 53 81 09 00 06 41 04 42 DF"); // NAK 04 to CAP, as a PD that never takes SQN 0 as a reset would
        expect("FF 53 01 09 00 04 61 00 60 23");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("after the probe interval").isGreaterThanOrEqualTo(Duration.ofMillis(450));
        assertThat(heard).anyMatch(h -> h.startsWith("offline") && h.contains("sequence error"));
    }

    @Test
    void aCommandAnsweredWithSqnZeroIsNotConfirmedAndNotSentAgain() throws Exception {
        Future<OsdpReply> out = outOnTheWire(OsdpCpOptions.DEFAULTS.withReplyTimeout(Duration.ofSeconds(5)), soon());
        reply(reply(0, new OsdpReply.Ack()));
        Throwable t = awaitFailure(out);
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        assertThat(t).hasMessageContaining("SQN 0").hasMessageContaining("may have acted");
        expect("FF 53 01 09 00 04 61 00 60 23");
        bringOnlineAgain();
        expect(command(2, new OsdpCommand.Poll()));
    }

    @Test
    void aCommandUnansweredThenRefusedByAPdThatRestartedMayHaveActedAtItsDeadline() throws Exception {
        Throwable t = commandToAPdThatRestartsMidCommand(System.nanoTime() + Duration.ofMillis(1200).toNanos());
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_TIMEOUT);
        assertThat(t).hasMessageContaining("may have acted").hasMessageNotContaining("did not act");
    }

    @Test
    void aCommandUnansweredThenRefusedByAPdThatThenDiesMayHaveActed() throws Exception {
        Throwable t = commandToAPdThatRestartsMidCommand(soon());
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_TIMEOUT);
        assertThat(t).hasMessageContaining("may have acted").hasMessageNotContaining("did not act");
    }

    /**
     * An OUT goes unanswered (the PD may have run it, then restarted), its retry gets NAK 04, and the
     * PD then stays silent: how the OUT fails.
     */
    private Throwable commandToAPdThatRestartsMidCommand(long deadline) throws Exception {
        Future<OsdpReply> out = outOnTheWire(OsdpCpOptions.DEFAULTS.withReplyTimeout(Duration.ofMillis(300)), deadline); // unanswered
        expect(command(3, OUT_ON));
        reply("FF 53 81 09 00 06 41 04 42 DF"); // NAK 04: it restarted
        expect("FF 53 01 09 00 04 61 00 60 23");
        return awaitFailure(out);
    }

    @Test
    void aMalformedReportIsTheAnswerAndThePdIsNotPolledForItAgainAndAgain() throws Exception {
        start(OsdpCpOptions.DEFAULTS.withReplyTimeout(Duration.ofSeconds(5)));
        bringOnline();
        expect(command(2, new OsdpCommand.Poll()));
        // RAW saying 26 bits with 5 data bytes: the PD's cached answer to SQN 2, sent again on every re-send.
        String raw = HEX.formatHex(OsdpFrameCodec.encode(OsdpFrame.plain(1, true, 2, true, 0x50,
                Bytes.of(new byte[] {0, 1, 26, 0, 0x0A, 0x1B, 0x2C, 0x40, 0x00})), true));
        reply(raw);
        expect(command(3, new OsdpCommand.Poll())); // the next poll at once, not the same one after the reply timer
        Future<OsdpReply> read = bus.send(1, new OsdpCommand.LStat(), soon());
        reply(reply(3, new OsdpReply.Ack()));
        expect(command(1, new OsdpCommand.LStat()));
        long t0 = System.nanoTime();
        reply(HEX.formatHex(OsdpFrameCodec.encode(OsdpFrame.plain(1, true, 1, true, 0x48, Bytes.of(new byte[] {0})), true))); // LSTATR one byte short
        Throwable t = awaitFailure(read);
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        assertThat(t).hasMessageContaining("LSTATR");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("at once, not after retries").isLessThan(Duration.ofSeconds(2));
        expect(command(2, new OsdpCommand.Poll()));
        assertThat(bus.isOnline(1)).isTrue();
    }

    @Test
    void aPdThatAnswersEachRequestOnlyWhenTheNextArrivesStillGetsCommandsThroughAndStaysOnline() throws Exception {
        start(OsdpCpOptions.DEFAULTS.withReplyTimeout(Duration.ofMillis(150)).withOfflineAfter(Duration.ofSeconds(1)));
        bringOnline();
        Future<OsdpReply> out = bus.send(1, new OsdpCommand.Out(List.of(OsdpCommand.OutputControl.permanentOn(0))), soon());
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        String previous = null;
        int outs = 0;
        while (System.nanoTime() - until < 0) {
            String frame = sent.poll(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(frame).as("the CP keeps talking").isNotNull();
            if (previous != null) reply(oneLateAnswer(previous)); // the answer to the frame before this one
            if (frame.split(" ")[6].equals("68")) outs++;
            previous = frame;
        }
        assertThat(await(out)).isEqualTo(new OsdpReply.Ack());
        assertThat(outs).as("the OUT and its one re-send").isEqualTo(2);
        assertThat(heard).noneMatch(h -> h.startsWith("offline"));
        assertThat(bus.isOnline(1)).isTrue();
    }

    /** The PD's reply to a POLL or OUT frame as the CP sent it (hex, mark included): ACK with its SQN. */
    private static String oneLateAnswer(String commandHex) {
        String code = commandHex.split(" ")[6];
        assertThat(code).as("only POLL and OUT in this conversation").isIn("60", "68");
        return reply(Integer.parseInt(commandHex.split(" ")[5], 16) & 0x03, new OsdpReply.Ack());
    }

    @Test
    void aNakWithAnotherSqnIsNotTheAnswer() throws Exception {
        start(OsdpCpOptions.DEFAULTS.withReplyTimeout(Duration.ofSeconds(5)));
        bringOnline();
        expect(command(2, new OsdpCommand.Poll()));
        Future<OsdpReply> out = bus.send(1, new OsdpCommand.Out(List.of(OsdpCommand.OutputControl.permanentOn(0))), soon());
        reply(reply(2, new OsdpReply.Ack()));
        expect(command(3, new OsdpCommand.Out(List.of(OsdpCommand.OutputControl.permanentOn(0)))));
        reply(reply(2, new OsdpReply.Nak(0x03, Bytes.EMPTY))); // stale: the answer to an earlier request
        reply(reply(3, new OsdpReply.Ack()));
        assertThat(await(out)).isEqualTo(new OsdpReply.Ack());
    }

    @Test
    void aReplyOfTheWrongTypeIsNotTheAnswerAndAStalePairDoesNotPutTheLineOneLate() throws Exception {
        start(OsdpCpOptions.DEFAULTS.withReplyTimeout(Duration.ofSeconds(5)));
        bringOnline();
        expect(command(2, new OsdpCommand.Poll()));
        Future<OsdpReply> read = bus.send(1, new OsdpCommand.OStat(), soon());
        reply(reply(2, new OsdpReply.Ack()));
        expect(command(3, new OsdpCommand.OStat()));
        // A stale ACK with the right SQN, then the real answer, in one burst.
        reply(reply(3, new OsdpReply.Ack()) + " " + reply(3, new OsdpReply.OStatR(new int[] {1, 0, 0, 0})));
        assertThat(await(read)).isInstanceOf(OsdpReply.OStatR.class);
        expect(command(1, new OsdpCommand.Poll()));
        reply(reply(3, new OsdpReply.Ack()) + " " + reply(1, new OsdpReply.Ack())); // the stale one first again
        expect(command(2, new OsdpCommand.Poll()));
    }

    @Test
    void aCommandPastItsDeadlineIsNeverSentAndFailsSayingSo() throws Exception {
        start(OsdpCpOptions.DEFAULTS.withReplyTimeout(Duration.ofSeconds(5)));
        bringOnline();
        expect(command(2, new OsdpCommand.Poll())); // in flight, unanswered for now
        long t0 = System.nanoTime();
        Future<OsdpReply> out = bus.send(1, new OsdpCommand.Out(List.of(OsdpCommand.OutputControl.permanentOn(0))),
                t0 + Duration.ofMillis(300).toNanos());
        Throwable t = awaitFailure(out);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(450));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_TIMEOUT);
        assertThat(t).hasMessageContaining("never sent");
        reply(reply(2, new OsdpReply.Ack()));
        expect(command(3, new OsdpCommand.Poll())); // the line goes on; the OUT never goes out
    }

    @Test
    void aPermitLapsingWhileACommandIsOnTheWireStopsItsRetryAndEveryPoll() throws Exception {
        Future<OsdpReply> out = outOnTheWire(OsdpCpOptions.DEFAULTS.withReplyTimeout(Duration.ofMillis(300)), soon());
        owned.set(false); // the OUT goes unanswered: its retry would be the next frame
        Throwable t = awaitFailure(out);
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(t).hasMessageContaining("test: lease lapsed");
        assertThat(sent.poll(600, TimeUnit.MILLISECONDS)).as("no retry, no poll while the permit refuses").isNull();
        Throwable refused = awaitFailure(bus.send(1, new OsdpCommand.OStat(), soon()));
        assertThat(WardenException.codeOf(refused)).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(sent.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    // ---- helpers ----

    private static final OsdpCommand OUT_ON = new OsdpCommand.Out(List.of(OsdpCommand.OutputControl.permanentOn(0)));

    /** Online, then an OUT (output 0 on) on the wire with SQN 3, not answered yet: its future. */
    private Future<OsdpReply> outOnTheWire(OsdpCpOptions options, long deadline) throws Exception {
        start(options);
        bringOnline();
        expect(command(2, new OsdpCommand.Poll()));
        Future<OsdpReply> out = bus.send(1, OUT_ON, deadline);
        reply(reply(2, new OsdpReply.Ack()));
        expect(command(3, OUT_ON));
        return out;
    }

    private static String command(int sqn, OsdpCommand c) {
        return HEX.formatHex(OsdpFrameCodec.encode(OsdpFrame.plain(1, false, sqn, true, c.code(), c.encode()), true));
    }

    private static String reply(int sqn, OsdpReply r) {
        return HEX.formatHex(OsdpFrameCodec.encode(OsdpFrame.plain(1, true, sqn, true, r.code(), r.encode()), true));
    }

    private void expect(String hex) throws InterruptedException {
        String got = sent.poll(WAIT_MS, TimeUnit.MILLISECONDS);
        assertThat(got).as("frame sent by the CP").isEqualTo(hex);
    }

    private void reply(String hex) throws Exception {
        await(pd.write(HEX.parseHex(hex)));
    }

    /** A deadline far enough away that it never decides these conversations. */
    private static long soon() {
        return System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
    }
}
