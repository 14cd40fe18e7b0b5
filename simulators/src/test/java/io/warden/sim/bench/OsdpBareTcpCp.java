package io.warden.sim.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.warden.osdp.codec.OsdpCodes;
import io.warden.osdp.codec.OsdpCommand;
import io.warden.osdp.codec.OsdpFrame;
import io.warden.osdp.codec.OsdpFrameCodec;
import io.warden.osdp.codec.OsdpFramer;

/**
 * The bench's TCP baseline: a bare client that sends one command frame and waits for the reply,
 * with no scheduler, polls, retries or door logic. One request in flight; SQN per address starts
 * at 0 (the PD resets) and then runs 1, 2, 3, 1... All state lives on one event-loop context.
 */
final class OsdpBareTcpCp {
    private final Context context;
    private final NetClient client;
    private final OsdpFramer framer = new OsdpFramer(OsdpFramer.Accept.REPLIES, 1440);
    private final int[] nextSqn = new int[128];
    private NetSocket socket;
    private Promise<OsdpFrame> waiting;

    private OsdpBareTcpCp(Vertx vertx) {
        this.context = vertx.getOrCreateContext();
        this.client = vertx.createNetClient();
    }

    static Future<OsdpBareTcpCp> connect(Vertx vertx, int port) {
        OsdpBareTcpCp cp = new OsdpBareTcpCp(vertx);
        Promise<OsdpBareTcpCp> done = Promise.promise();
        cp.context.runOnContext(v -> cp.client.connect(port, "127.0.0.1").map(s -> {
            cp.socket = s;
            s.handler(cp::received);
            return cp;
        }).onComplete(done));
        return done.future();
    }

    /** OUT → ACK, then OSTAT → OSTATR: the frames of one confirmed door command. Any thread. */
    Future<Void> command(int address, OsdpCommand.Out out) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> send(address, out)
                .compose(ack -> expect(ack, OsdpCodes.Reply.ACK.value()))
                .compose(x -> send(address, new OsdpCommand.OStat()))
                .compose(r -> expect(r, OsdpCodes.Reply.OSTATR.value()))
                .onComplete(done));
        return done.future();
    }

    Future<Void> close() {
        return client.close();
    }

    private Future<OsdpFrame> send(int address, OsdpCommand cmd) {
        int sqn = nextSqn[address];
        nextSqn[address] = sqn == 3 ? 1 : sqn + 1;
        byte[] wire = OsdpFrameCodec.encode(OsdpFrame.plain(address, false, sqn, true, cmd.code(), cmd.encode()), true);
        waiting = Promise.promise();
        Future<OsdpFrame> reply = waiting.future();
        socket.write(Buffer.buffer(wire));
        return reply;
    }

    private static Future<Void> expect(OsdpFrame f, int code) {
        return f.code() == code ? Future.succeededFuture()
                : Future.failedFuture(new IllegalStateException("expected reply 0x%02X, got %s".formatted(code, f)));
    }

    private void received(Buffer buf) {
        byte[] bytes = buf.getBytes();
        framer.feed(bytes, 0, bytes.length);
        for (OsdpFramer.Outcome o = framer.next(); !(o instanceof OsdpFramer.NeedMore); o = framer.next()) {
            if (o instanceof OsdpFramer.Frame f && waiting != null) {
                Promise<OsdpFrame> p = waiting;
                waiting = null;
                p.complete(f.frame());
            }
        }
    }
}
