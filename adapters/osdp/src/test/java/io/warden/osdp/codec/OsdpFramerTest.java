package io.warden.osdp.codec;

import static io.warden.osdp.codec.OsdpGoldenVectorTest.bytes;
import static io.warden.osdp.codec.OsdpGoldenVectorTest.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.warden.osdp.codec.OsdpFramer.Accept;
import io.warden.osdp.codec.OsdpFramer.Frame;
import io.warden.osdp.codec.OsdpFramer.Outcome;
import io.warden.osdp.codec.OsdpFramer.Rejected;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Framer robustness: split and merged input, noise, resynchronisation, limits, and a seeded fuzz loop. */
class OsdpFramerTest {

    static final byte[] POLL = hex("FF 53 01 08 00 05 60 8B 33");
    static final byte[] OUT = hex("FF 53 01 0C 00 06 68 00 05 1E 00 B2 74");
    static final byte[] ID_CKSUM = hex("FF 53 01 08 00 01 61 00 42");
    static final byte[] LED = hex("FF 53 01 16 00 06 69 00 00 02 05 05 02 00 1E 00 01 01 00 01 00 90 A4");
    static final byte[] ACK = hex("FF 53 81 08 00 05 40 39 35");
    static final byte[] RAW = hex("FF 53 81 10 00 06 50 00 01 1A 00 0A 1B 2C 40 7B 46");
    static final byte[] SC_OUT = hex("FF 53 01 1E 00 0E 02 17 68 A6 23 D4 04 90 1A A4 A1 52 8E 25 6E EB 36 AD D9 CA DC 05 23 98 04");

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static byte[] unmarked(byte[] wire) {
        return Arrays.copyOfRange(wire, 1, wire.length);
    }

    /** A frame with a correct CRC around arbitrary body bytes (SOM..last data byte, LEN patched in). */
    static byte[] withCrc(String body) {
        byte[] b = hex(body);
        byte[] f = Arrays.copyOf(b, b.length + 2);
        f[2] = (byte) f.length;
        int crc = OsdpCrc.crc16(f, 0, b.length);
        f[b.length] = (byte) crc;
        f[b.length + 1] = (byte) (crc >>> 8);
        return f;
    }

    static List<Outcome> drain(OsdpFramer framer) {
        List<Outcome> out = new ArrayList<>();
        for (Outcome o = framer.next(); !(o instanceof OsdpFramer.NeedMore); o = framer.next()) out.add(o);
        return out;
    }

    static List<Outcome> feedAll(OsdpFramer framer, byte[] bytes) {
        framer.feed(bytes, 0, bytes.length);
        return drain(framer);
    }

    static Frame frame(Outcome o) {
        assertThat(o).isInstanceOf(Frame.class);
        return (Frame) o;
    }

    @Test
    void byteAtATimeYieldsEachFrameExactlyOnItsLastByte() {
        OsdpFramer framer = new OsdpFramer(Accept.COMMANDS, 1440);
        byte[] stream = concat(POLL, OUT, unmarked(ID_CKSUM), LED, SC_OUT);
        List<Integer> ends = List.of(POLL.length, POLL.length + OUT.length, POLL.length + OUT.length + ID_CKSUM.length - 1);
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < stream.length; i++) {
            framer.feed(stream, i, 1);
            List<Outcome> outs = drain(framer);
            if (ends.contains(i + 1)) assertThat(outs).hasSize(1);
            outs.forEach(o -> frames.add(frame(o)));
        }
        assertThat(frames).extracting(f -> f.frame().code()).containsExactly(0x60, 0x68, 0x61, 0x69, 0x68);
        assertThat(frames).extracting(Frame::marked).containsExactly(true, true, false, true, true);
        assertThat(frames.get(4).frame().mac()).isEqualTo(bytes("CADC0523"));
        assertThat(framer.buffered()).isZero();
    }

    @Test
    void twoFramesInOneFeed() {
        List<Outcome> outs = feedAll(new OsdpFramer(Accept.COMMANDS, 1440), concat(POLL, OUT));
        assertThat(outs).hasSize(2);
        assertThat(frame(outs.get(0)).wire()).isEqualTo(Bytes.of(unmarked(POLL)));
        assertThat(frame(outs.get(1)).wire()).isEqualTo(Bytes.of(unmarked(OUT)));
    }

    @Test
    void garbageBeforeAFrameIsSkippedSilently() {
        List<Outcome> outs = feedAll(new OsdpFramer(Accept.COMMANDS, 1440), concat(hex("00 11 FF FF 7E 80 FF"), POLL));
        assertThat(outs).hasSize(1);
        assertThat(frame(outs.get(0)).marked()).isTrue();
        assertThat(frame(outs.get(0)).frame().sqn()).isEqualTo(1);
    }

    @Test
    void framesWithoutMarkAreAccepted() {
        List<Outcome> outs = feedAll(new OsdpFramer(Accept.REPLIES, 1440), concat(unmarked(ACK), unmarked(RAW)));
        assertThat(outs).extracting(o -> frame(o).marked()).containsExactly(false, false);
        assertThat(frame(outs.get(1)).frame().data()).isEqualTo(bytes("00011A000A1B2C40"));
    }

    @Test
    void markIsNotInheritedFromTheCheckByteOfThePreviousFrame() {
        byte[] endsInFf = hex("53 01 07 00 00 A6 FF"); // checksum happens to be 0xFF
        List<Outcome> outs = feedAll(new OsdpFramer(Accept.COMMANDS, 1440), concat(endsInFf, unmarked(POLL)));
        assertThat(outs).extracting(o -> frame(o).marked()).containsExactly(false, false);
    }

    @Test
    void badCrcIsRejectedAndTheNextGoodFrameIsFound() {
        byte[] bad = POLL.clone();
        bad[bad.length - 1] ^= 0x01;
        List<Outcome> outs = feedAll(new OsdpFramer(Accept.COMMANDS, 1440), concat(bad, OUT));
        assertThat(outs).hasSize(2);
        assertThat(((Rejected) outs.get(0)).reason()).isEqualTo("bad CRC: got 0x328B, computed 0x338B");
        assertThat(((Rejected) outs.get(0)).droppedBytes()).isEqualTo(8);
        assertThat(frame(outs.get(1)).frame().code()).isEqualTo(0x68);
    }

    @Test
    void badChecksumIsNamed() {
        List<Outcome> outs = feedAll(new OsdpFramer(Accept.COMMANDS, 1440), hex("53 01 07 00 00 60 46"));
        assertThat(outs).containsExactly(new Rejected("bad checksum: got 0x46, computed 0x45", 7));
    }

    @Test
    void falseSomWhoseLenPointsPastRealDataIsResynchronised() {
        OsdpFramer framer = new OsdpFramer(Accept.COMMANDS, 1440);
        // noise holding a plausible header (LEN 0x30 = 48) swallows the real OUT frame and more
        byte[] noise = hex("12 53 01 30 00 04 99");
        List<Outcome> outs = feedAll(framer, concat(noise, OUT, POLL));
        assertThat(outs).isEmpty(); // still waiting for 48 bytes
        outs = feedAll(framer, concat(new byte[30], POLL));
        assertThat(outs).hasSize(4);
        assertThat(((Rejected) outs.get(0)).reason()).startsWith("bad CRC");
        assertThat(((Rejected) outs.get(0)).droppedBytes()).isEqualTo(7); // up to the OUT frame's SOM, its mark included
        assertThat(frame(outs.get(1)).frame().code()).isEqualTo(0x68);
        assertThat(frame(outs.get(1)).marked()).isTrue();
        assertThat(frame(outs.get(2)).frame().code()).isEqualTo(0x60);
        assertThat(frame(outs.get(3)).frame().code()).isEqualTo(0x60);
    }

    @Test
    void implausibleLenIsRejectedAtOnceAndScanningResumesInsideTheHeader() {
        OsdpFramer framer = new OsdpFramer(Accept.COMMANDS, 128);
        List<Outcome> outs = feedAll(framer, concat(hex("53 01 C8 00 04"), POLL));
        assertThat(outs.get(0)).isEqualTo(new Rejected("LEN 200 above maximum 128", 5));
        assertThat(frame(outs.get(1)).frame().code()).isEqualTo(0x60);

        outs = feedAll(framer, concat(hex("53 01 03 00 00"), POLL));
        assertThat(outs.get(0)).isEqualTo(new Rejected("LEN 3 below minimum 7 for CTRL 0x00", 5));
        assertThat(outs).hasSize(2);

        outs = feedAll(framer, concat(hex("53 53 07 00 04"), POLL));
        assertThat(outs.get(0)).isEqualTo(new Rejected("LEN 7 below minimum 8 for CTRL 0x04", 1));
        assertThat(outs).hasSize(3); // the second 53 is tried as a SOM too, then the POLL
        assertThat(outs.get(2)).isInstanceOf(Frame.class);
    }

    @Test
    void wrongDirectionFramesAreDroppedWhole() {
        List<Outcome> outs = feedAll(new OsdpFramer(Accept.COMMANDS, 1440), concat(ACK, POLL));
        assertThat(outs.get(0)).isEqualTo(new Rejected("reply frame (ADDR 0x81) on a command receiver", 8));
        assertThat(frame(outs.get(1)).frame().reply()).isFalse();

        outs = feedAll(new OsdpFramer(Accept.REPLIES, 1440), concat(RAW, POLL, ACK));
        assertThat(frame(outs.get(0)).frame().code()).isEqualTo(0x50);
        assertThat(outs.get(1)).isEqualTo(new Rejected("command frame (ADDR 0x01) on a reply receiver", 8));
        assertThat(frame(outs.get(2)).frame().reply()).isTrue();
    }

    @Test
    void broadcastReplyKeepsAddress7f() {
        Frame f = frame(feedAll(new OsdpFramer(Accept.REPLIES, 1440), hex("FF 53 FF 08 00 04 40 26 D4")).get(0));
        assertThat(f.frame().address()).isEqualTo(OsdpCodes.BROADCAST);
        assertThat(f.frame().addressByte()).isEqualTo(0xFF);
    }

    @Test
    void malformedScbIsRejected() {
        OsdpFramer framer = new OsdpFramer(Accept.COMMANDS, 1440);
        assertThat(feedAll(framer, withCrc("53 01 00 00 0C 01 11 60")))
                .containsExactly(new Rejected("malformed SCB: length byte 1 below 2", 10));
        assertThat(feedAll(framer, withCrc("53 01 00 00 0C 05 11 01 76")))
                .containsExactly(new Rejected("malformed SCB: length 5 leaves no room for the code in LEN 11", 11));
        assertThat(feedAll(framer, withCrc("53 01 00 00 0C 02 15 60 00")))
                .containsExactly(new Rejected("SCB type 0x15 needs a 4-byte MAC but LEN 11 leaves no room", 11));
        assertThat(feedAll(framer, POLL)).hasSize(1);
    }

    @Test
    void reservedCtrlBitsAreIgnored() {
        Frame f = frame(feedAll(new OsdpFramer(Accept.COMMANDS, 1440), withCrc("53 01 00 00 F5 60")).get(0));
        assertThat(f.frame().sqn()).isEqualTo(1);
        assertThat(f.frame().crc()).isTrue();
        assertThat(f.frame().scb()).isNull();
    }

    @Test
    void resetDropsAPartialFrame() {
        OsdpFramer framer = new OsdpFramer(Accept.COMMANDS, 1440);
        framer.feed(OUT, 0, 7);
        assertThat(drain(framer)).isEmpty();
        framer.reset();
        assertThat(framer.buffered()).isZero();
        assertThat(feedAll(framer, POLL)).hasSize(1);
    }

    @Test
    void oversizedFeedDiscardsTheOldestBytesAndSaysSo() {
        OsdpFramer framer = new OsdpFramer(Accept.COMMANDS, 64);
        assertThat(framer.capacity()).isEqualTo(260);
        byte[] noise = new byte[1000];
        Arrays.fill(noise, (byte) 0x53);
        List<Outcome> outs = feedAll(framer, concat(noise, POLL));
        assertThat(outs.get(0)).isEqualTo(new Rejected("input overflow: discarded 749 oldest bytes (buffer capacity 260)", 749));
        assertThat(outs.get(outs.size() - 1)).isInstanceOf(Frame.class);
        assertThat(framer.buffered()).isZero();
    }

    @Test
    void seededFuzzNeverThrowsStaysBoundedAndRecovers() {
        Random rnd = new Random(0x05D9_2024L);
        byte[][] valid = {POLL, OUT, ID_CKSUM, LED, SC_OUT, ACK, RAW, unmarked(POLL), unmarked(RAW)};
        OsdpFramer commands = new OsdpFramer(Accept.COMMANDS, 1440);
        OsdpFramer replies = new OsdpFramer(Accept.REPLIES, 1440);
        int[] counts = new int[2];
        for (int i = 0; i < 200_000; i++) {
            byte[] chunk = chunk(rnd, valid);
            for (OsdpFramer framer : List.of(commands, replies)) {
                framer.feed(chunk, 0, chunk.length);
                for (int guard = 0; ; guard++) {
                    Outcome o = framer.next();
                    if (o instanceof OsdpFramer.NeedMore) break;
                    if (guard > 1440 + chunk.length + 2) fail("next() does not converge at chunk " + i);
                    if (o instanceof Frame f) {
                        counts[0]++;
                        checkFrame(f, framer == replies);
                    } else {
                        counts[1]++;
                    }
                }
                // drained: at most one partial frame remains
                if (framer.buffered() >= 1440) fail("buffered " + framer.buffered() + " after draining at chunk " + i);
            }
        }
        assertThat(counts[0]).isGreaterThan(10_000);
        assertThat(counts[1]).isGreaterThan(10_000);

        // recovery without reset: a pending false header swallows at most 1440 bytes
        int feeds = 0;
        boolean found = false;
        while (!found && feeds++ < 1440 / POLL.length + 2) {
            found = feedAll(commands, POLL).stream().anyMatch(o -> o instanceof Frame f && f.wire().equals(Bytes.of(unmarked(POLL))));
        }
        assertThat(found).isTrue();
        replies.reset();
        assertThat(feedAll(replies, RAW)).singleElement().isInstanceOf(Frame.class);
    }

    private static byte[] chunk(Random rnd, byte[][] valid) {
        byte[] v = valid[rnd.nextInt(valid.length)];
        switch (rnd.nextInt(6)) {
            case 0: {
                byte[] b = new byte[rnd.nextInt(rnd.nextInt(500) == 0 ? 8000 : 64)];
                rnd.nextBytes(b);
                return b;
            }
            case 1: return Arrays.copyOf(v, rnd.nextInt(v.length));
            case 2: {
                byte[] b = v.clone();
                for (int k = rnd.nextInt(3) + 1; k > 0; k--) b[rnd.nextInt(b.length)] ^= (byte) (1 + rnd.nextInt(255));
                return b;
            }
            case 3: {
                byte[] b = new byte[5 + rnd.nextInt(20)];
                rnd.nextBytes(b);
                b[0] = 0x53;
                return b; // a false SOM with a random LEN
            }
            default: return v;
        }
    }

    /** Every frame the framer yields re-encodes to its wire bytes and decodes without a stray exception. */
    private static void checkFrame(Frame f, boolean reply) {
        if (f.frame().reply() != reply) fail("direction filter let through " + f);
        if ((f.wire().u8(4) & 0xF0) == 0 && !Bytes.of(OsdpFrameCodec.encode(f.frame(), false)).equals(f.wire())) {
            fail("re-encoding differs for " + f);
        }
        try {
            if (reply) OsdpReply.decode(f.frame().code(), f.frame().data());
            else OsdpCommand.decode(f.frame().code(), f.frame().data());
        } catch (OsdpDecodeException expected) {
            assertThat(expected.nak()).isEqualTo(OsdpCodes.NakReason.LENGTH);
        }
    }
}
