package io.warden.sim.osdp;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.warden.adapter.api.testing.CapturedStderr;
import io.warden.osdp.codec.OsdpCommand;
import io.warden.osdp.codec.OsdpFrame;
import io.warden.osdp.codec.OsdpFrameCodec;
import io.warden.osdp.codec.OsdpFramer;
import io.warden.osdp.codec.OsdpReply;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two control panels on one TCP line (a device server shared by mistake): counted, logged, still answered. */
class OsdpPdTwoCpsTest {
    private static final int ACK = new OsdpReply.Ack().code();
    private static final OsdpCommand POLL = new OsdpCommand.Poll();

    private final Vertx vertx = Vertx.vertx();
    private OsdpPdSimulator sim;

    @AfterEach
    void tearDown() {
        if (sim != null) await(sim.close());
        await(vertx.close());
    }

    @Test
    void anOlderConnectionSpeakingAfterANewerOneIsASecondCp() throws Exception {
        sim = await(OsdpPdSimulator.start(vertx, OsdpPdConfig.defaults(1)));
        int port = await(sim.serveTcp("127.0.0.1", 0));
        CapturedStderr log = CapturedStderr.start();
        try (Socket first = connect(port); Socket second = connect(port)) {
            assertThat(poll(first, 0)).as("the first CP is answered").isEqualTo(ACK);
            assertThat(poll(second, 1)).as("a newer connection is answered").isEqualTo(ACK);
            assertThat(sim.cpConflicts()).as("a newer connection taking over is no conflict").isZero();

            assertThat(poll(first, 2)).as("the PD answers whoever addressed it").isEqualTo(ACK);
            assertThat(sim.cpConflicts()).isEqualTo(1);
            assertThat(poll(second, 3)).isEqualTo(ACK);
            assertThat(poll(first, 1)).isEqualTo(ACK);
            assertThat(sim.cpConflicts()).as("every frame of the older CP counts").isEqualTo(2);
        } finally {
            log.close();
        }
        assertThat(log.text().split("event=pd_sim_two_cps", -1)).as("logged once for the episode").hasSize(2);
    }

    @Test
    void aCpThatReconnectsIsNoConflict() throws Exception {
        sim = await(OsdpPdSimulator.start(vertx, OsdpPdConfig.defaults(1)));
        int port = await(sim.serveTcp("127.0.0.1", 0));
        try (Socket old = connect(port)) {
            assertThat(poll(old, 0)).isEqualTo(ACK);
            // The old socket stays half open and silent; the CP goes on over a new one.
            for (int i = 0; i < 3; i++) {
                try (Socket again = connect(port)) {
                    assertThat(poll(again, 1 + i)).isEqualTo(ACK);
                }
            }
        }
        assertThat(sim.cpConflicts()).isZero();
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout((int) OsdpTestCp.REPLY_DEADLINE.toMillis());
        return s;
    }

    /** Sends a POLL to PD 1 with {@code sqn} and returns the reply code. */
    private static int poll(Socket s, int sqn) throws IOException {
        s.getOutputStream().write(OsdpFrameCodec.encode(OsdpFrame.plain(1, false, sqn, true, POLL.code(), POLL.encode()), true));
        OsdpFramer framer = new OsdpFramer(OsdpFramer.Accept.REPLIES, 1440);
        InputStream in = s.getInputStream();
        byte[] buf = new byte[256];
        while (true) {
            int n = in.read(buf);
            if (n < 0) throw new IOException("connection closed before a reply");
            framer.feed(buf, 0, n);
            for (OsdpFramer.Outcome o = framer.next(); !(o instanceof OsdpFramer.NeedMore); o = framer.next()) {
                if (o instanceof OsdpFramer.Frame f) return f.frame().code();
            }
        }
    }
}
