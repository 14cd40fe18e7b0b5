package io.warden.sim.osdp;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static io.warden.sim.osdp.OsdpTestCp.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.warden.osdp.codec.Bytes;
import io.warden.osdp.transport.OsdpLoopbackTransport;
import io.warden.osdp.transport.OsdpSerialOptions;
import io.warden.osdp.transport.OsdpSerialTransport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator over real byte streams: TCP, a pty pair, paced output; plus the script and CLI parsing. */
class OsdpPdServeTest {
    Vertx vertx = Vertx.vertx();
    OsdpPdSimulator sim;

    @AfterEach
    void tearDown() {
        if (sim != null) await(sim.close());
        await(vertx.close());
    }

    @Test
    void answersRawFramesOverTcp() throws IOException {
        sim = await(OsdpPdSimulator.start(vertx, OsdpPdConfig.defaults(1)));
        int port = await(sim.serveTcp("127.0.0.1", 0));
        assertThat(port).isPositive();
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) OsdpTestCp.REPLY_DEADLINE.toMillis());
            s.getOutputStream().write(hex("FF 53 01 08 00 04 60 BA 00"));
            assertThat(read(s.getInputStream(), 9)).isEqualTo(hex("FF 53 81 08 00 04 40 08 06"));
            // A second connection (a CP that reconnected) is answered too; the old one, silent now, is no conflict.
            try (Socket s2 = new Socket("127.0.0.1", port)) {
                s2.setSoTimeout((int) OsdpTestCp.REPLY_DEADLINE.toMillis());
                s2.getOutputStream().write(hex("53 01 08 00 05 60 8B 33"));
                assertThat(read(s2.getInputStream(), 8)).isEqualTo(hex("53 81 08 00 05 40 39 35"));
                assertThat(sim.cpConflicts()).isZero();
            }
        }
    }

    @Test
    void answersOverARealPty(@TempDir Path dir) throws IOException {
        try (PtyPair pty = PtyPair.open(dir)) {
            sim = await(OsdpPdSimulator.start(vertx, OsdpPdConfig.defaults(1)));
            await(sim.serveSerial(pty.a().toString(), 9600));
            try (OsdpTestCp cp = new OsdpTestCp(new OsdpSerialTransport(vertx, OsdpSerialOptions.of(pty.b().toString(), 9600))).open()) {
                assertThat(cp.exchangeHex("FF 53 01 08 00 04 60 BA 00")).isEqualTo("FF 53 81 08 00 04 40 08 06");
                await(sim.pd(1).swipeCard(hex("0A1B2C40"), 26));
                assertThat(cp.exchangeHex("FF 53 01 08 00 05 60 8B 33")).startsWith("FF 53 81 10 00 05 50 00 01 1A 00 0A 1B 2C 40");
            }
        }
    }

    @Test
    void pacedRepliesTakeTheirTransmitTime() {
        OsdpPdSimulator.Options paced = new OsdpPdSimulator.Options(true, 9600, Duration.ofMillis(50));
        sim = await(OsdpPdSimulator.start(vertx, paced, List.of(OsdpPdConfig.defaults(1))));
        OsdpLoopbackTransport.Pair cable = OsdpLoopbackTransport.create(vertx);
        await(sim.serveTransport(cable.a()));
        try (OsdpTestCp cp = new OsdpTestCp(cable.b()).open()) {
            long t0 = System.nanoTime();
            // PDID with mark: 21 bytes = 210 bits, about 22 ms at 9600 baud.
            assertThat(cp.exchangeHex("FF 53 01 09 00 04 61 00 60 23")).startsWith("FF 53 81 14 00 04 45");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(20));
        }
    }

    @Test
    void aPacedReplyIsReportedSentOnceItsLastByteWentOut() {
        OsdpPdSimulator.Options paced = new OsdpPdSimulator.Options(true, 9600, Duration.ofMillis(50));
        sim = await(OsdpPdSimulator.start(vertx, paced, List.of(OsdpPdConfig.defaults(1))));
        List<OsdpSimulatedPd.Sent> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        sim.pd(1).onReplySent(sent::add);
        OsdpLoopbackTransport.Pair cable = OsdpLoopbackTransport.create(vertx);
        await(sim.serveTransport(cable.a()));
        try (OsdpTestCp cp = new OsdpTestCp(cable.b()).open()) {
            await(sim.pd(1).swipeCard(hex("0A1B2C40"), 26));
            long t0 = System.nanoTime();
            // RAW with mark: 17 bytes = 170 bits, about 18 ms at 9600 baud, sent in 9-byte slices.
            assertThat(cp.exchangeHex("FF 53 01 08 00 04 60 BA 00")).startsWith("FF 53 81 10 00 04 50");
            long received = System.nanoTime();
            until(() -> !sent.isEmpty(), "the RAW reported sent");
            assertThat(sent).extracting(OsdpSimulatedPd.Sent::code).containsExactly(0x50);
            assertThat(sent.get(0).nanos() - t0).as("not before its wire time").isGreaterThanOrEqualTo(Duration.ofMillis(17).toNanos());
            assertThat(sent.get(0).nanos()).as("not after the CP had it").isLessThanOrEqualTo(received);
        }
    }

    @Test
    void sessionExpiresAfterIdleTime() throws Exception {
        byte[] scbk = OsdpPdSecureChannelTest.SCBK;
        sim = await(OsdpPdSimulator.start(vertx, OsdpPdSimulator.Options.DEFAULT,
                List.of(OsdpPdConfig.defaults(1).withScbk(scbk).withScTimeout(Duration.ofMillis(200)))));
        OsdpLoopbackTransport.Pair cable = OsdpLoopbackTransport.create(vertx);
        await(sim.serveTransport(cable.a()));
        try (OsdpTestCp cp = new OsdpTestCp(cable.b()).open()) {
            cp.handshake(1, scbk, false);
            long idleSince = System.nanoTime();
            until(() -> System.nanoTime() - idleSince > Duration.ofMillis(300).toNanos(), "idle time");
            var nak = cp.send(cp.session.sealCommand(OsdpTestCp.cmd(1, 2, 0x60)));
            assertThat(nak.frame().scb()).isNull();
            assertThat(OsdpPdSimulatorTest.nakCode(nak)).isEqualTo(0x06);
        }
    }

    @Test
    void scriptPlaysDoorEvents() {
        sim = await(OsdpPdSimulator.start(vertx, OsdpPdConfig.defaults(1)));
        OsdpSimulatedPd pd = sim.pd(1);
        OsdpPdScript script = OsdpPdScript.parse("""
                # demo
                10ms swipe 0A1B2C40 26
                10ms door open
                10ms door close
                10ms rex
                10ms tamper on
                10ms power fail
                10ms keypad 12#
                10ms hold 20ms
                """);
        assertThat(script.steps()).hasSize(8);
        await(script.run(vertx, pd));
        // RAW, ISTATR x2, ISTATR x2 (REX), LSTATR x2, KEYPAD, ISTATR x2 (hold)
        assertThat(pd.pendingEvents()).isEqualTo(10);
        assertThat(pd.tamper()).isTrue();
        assertThat(pd.input(0)).isFalse();
        assertThatThrownBy(() -> OsdpPdScript.parse("1s door ajar")).hasMessageContaining("line 1");
    }

    @Test
    void commandLinePdSpecs() {
        OsdpPdConfig c = OsdpPdSimulatorMain.parsePd("3,scbk=000102030405060708090A0B0C0D0E0F,install,secure");
        assertThat(c.address()).isEqualTo(3);
        assertThat(c.scbk()).isEqualTo(Bytes.of(OsdpPdSecureChannelTest.SCBK));
        assertThat(c.installMode()).isTrue();
        assertThat(c.secureRequired()).isTrue();
        assertThatThrownBy(() -> OsdpPdSimulatorMain.parsePd("1,bogus")).hasMessageContaining("bogus");
    }

    private static byte[] read(InputStream in, int n) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (b.size() < n) {
            int c = in.read();
            if (c < 0) throw new IOException("closed after " + HexFormat.of().formatHex(b.toByteArray()));
            b.write(c);
        }
        return b.toByteArray();
    }
}
