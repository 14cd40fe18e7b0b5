package io.warden.adapter.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CardFormatTest {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private static Credential card(String hex, int bits) {
        return Credential.card(HEX.parseHex(hex), bits);
    }

    private static CardNumber decode(String hex, int bits) throws CardFormatException {
        return CardFormat.decode(card(hex, bits));
    }

    /** The card with wire bit {@code bit} (1 = MSB of the first byte) inverted. */
    private static byte[] flip(byte[] data, int bit) {
        byte[] copy = data.clone();
        copy[(bit - 1) / 8] ^= (byte) (0x80 >>> ((bit - 1) % 8));
        return copy;
    }

    @Test
    void picksTheFormatByBitCount() {
        assertThat(CardFormat.forBits(26)).isEqualTo(CardFormat.H10301);
        assertThat(CardFormat.forBits(35)).isEqualTo(CardFormat.C1000);
        assertThat(CardFormat.forBits(37)).isEqualTo(CardFormat.H10304);
        assertThat(List.of(1, 25, 27, 32, 34, 36, 38, 128)).allSatisfy(b -> assertThat(CardFormat.forBits(b)).isEqualTo(CardFormat.RAW));
    }

    @Test
    void h10301PublishedExample() throws Exception {
        // FC 99, card 999 = 0 01100011 0000001111100111 1 (the "0C607CF" of the angorb/wiegand-26bit-calculator-php
        // README), left-justified in 4 bytes: 0C607CF << 6 = 3181F3C0.
        assertThat(HEX.formatHex(CardFormat.H10301.encode(99, 999))).isEqualTo("3181F3C0");
        CardNumber n = decode("3181F3C0", 26);
        assertThat(n.id()).isEqualTo("H10301:99:999");
        assertThat(n).isEqualTo(new CardNumber(CardFormat.H10301, 99, 999, null, 26));
        // 40:6789 by hand: 1 | 00101000 | 0001101010000101 | 0. Bits 2-13 hold 3 ones, so even P1 = 1;
        // bits 14-25 hold 5 ones, so odd P26 = 0.
        assertThat(HEX.formatHex(CardFormat.H10301.encode(40, 6789))).isEqualTo("940D4280");
        assertThat(decode("940D4280", 26).id()).isEqualTo("H10301:40:6789");
    }

    @Test
    void theOsdpVectorCardHasAWrongTrailingParity() {
        // osdp-vectors.md 2.5: 26 bits 0A 1B 2C 40 = 0 00010100 0011011001011000 1. Facility 20, card 13912.
        // Bits 2-13 hold four ones (even, P1 = 0 is right); bits 14-25 hold five ones, so odd parity needs
        // P26 = 0, and the capture has 1. Encoded with correct parity the card is 0A 1B 2C 00.
        CardFormatException e = catchThrowableOfType(() -> decode("0A1B2C40", 26), CardFormatException.class);
        assertThat(e.format()).isEqualTo(CardFormat.H10301);
        assertThat(e).hasMessage("H10301: odd parity bit 26 (over bits 14-25) is wrong");
        assertThat(card("0A1B2C40", 26).wiegand26()).isEqualTo("20:13912");
        assertThat(HEX.formatHex(CardFormat.H10301.encode(20, 13912))).isEqualTo("0A1B2C00");
    }

    @Test
    void c1000Example() throws Exception {
        // 1234:567890 by hand: P1=1 | P2=1 | 010011010010 | 10001010101001010010 | P35=0,
        // = 1101 0011 0100 1010 0010 1010 1001 0100 100 -> D3 4A 2A 94 80 (5 bytes, low 5 bits 0).
        assertThat(HEX.formatHex(CardFormat.C1000.encode(1234, 567890))).isEqualTo("D34A2A9480");
        assertThat(decode("D34A2A9480", 35).id()).isEqualTo("C1000:1234:567890");
        assertThat(HEX.formatHex(CardFormat.C1000.encode(0, 0))).isEqualTo("0000000020");
        assertThat(HEX.formatHex(CardFormat.C1000.encode(4095, 1_048_575))).isEqualTo("BFFFFFFFC0");
    }

    @Test
    void c1000MasksAreProxmarksPackC1k35s() {
        // Proxmark3 keeps the 35 bits as Mid (bits 34-32) and Bot (bits 31-0), bit 0 = wire bit 35.
        CardFormat.Layout l = CardFormat.C1000.layout();
        assertThat(l.parities()).extracting(CardFormat.Parity::wireBit).containsExactly(2, 35, 1);
        assertThat(l.parities().get(0).mask()).isEqualTo(0x1L << 32 | 0xB6DB6DB6L);
        assertThat(l.parities().get(1).mask()).isEqualTo(0x3L << 32 | 0x6DB6DB6CL);
        assertThat(l.parities().get(2).mask()).isEqualTo(0x3L << 32 | 0xFFFFFFFFL);
    }

    @Test
    void h10304Example() throws Exception {
        // 1234:56789 by hand: P1=1 | 0000010011010010 | 0001101110111010101 | P37=0
        // -> 82 69 0D DD 50 (5 bytes, low 3 bits 0).
        assertThat(HEX.formatHex(CardFormat.H10304.encode(1234, 56789))).isEqualTo("82690DDD50");
        assertThat(decode("82690DDD50", 37).id()).isEqualTo("H10304:1234:56789");
        assertThat(HEX.formatHex(CardFormat.H10304.encode(0, 0))).isEqualTo("0000000008");
        assertThat(HEX.formatHex(CardFormat.H10304.encode(65_535, 524_287))).isEqualTo("7FFFFFFFF8");
    }

    @Test
    void everyFlippedParityBitIsCaught() {
        record Case(CardFormat format, long facility, long number, List<Integer> parityBits) {}
        List<Case> cases = List.of(new Case(CardFormat.H10301, 40, 6789, List.of(1, 26)),
                new Case(CardFormat.C1000, 1234, 567890, List.of(1, 2, 35)),
                new Case(CardFormat.H10304, 1234, 56789, List.of(1, 37)));
        for (Case c : cases) {
            byte[] good = c.format().encode(c.facility(), c.number());
            for (int bit : c.parityBits()) {
                CardFormatException e = catchThrowableOfType(
                        () -> CardFormat.decode(Credential.card(flip(good, bit), c.format().bits())), CardFormatException.class);
                assertThat(e).as("%s bit %d", c.format(), bit).isNotNull();
                assertThat(e.format()).isEqualTo(c.format());
                assertThat(e.getMessage()).startsWith(c.format() + ": ").contains("parity bit").endsWith(" is wrong");
            }
        }
        // The message names the parity that failed (C1000's bit 1 covers bits 2 and 35, so flip it alone).
        byte[] c1000 = CardFormat.C1000.encode(1234, 567890);
        assertThat(catchThrowableOfType(() -> CardFormat.decode(Credential.card(flip(c1000, 1), 35)), CardFormatException.class))
                .hasMessage("C1000: odd parity bit 1 (over bits 2-35) is wrong");
        assertThat(catchThrowableOfType(() -> CardFormat.decode(Credential.card(flip(c1000, 2), 35)), CardFormatException.class))
                .hasMessage("C1000: even parity bit 2 (over bits 3,4,6,7,...,33,34) is wrong");
        byte[] h10304 = CardFormat.H10304.encode(1234, 56789);
        assertThat(catchThrowableOfType(() -> CardFormat.decode(Credential.card(flip(h10304, 37), 37)), CardFormatException.class))
                .hasMessage("H10304: odd parity bit 37 (over bits 19-36) is wrong");
    }

    @Test
    void everySingleDataBitFlipIsCaughtToo() {
        // Each data bit is covered by at least one parity bit in all three formats.
        for (CardFormat f : List.of(CardFormat.H10301, CardFormat.C1000, CardFormat.H10304)) {
            byte[] good = f.encode(f.maxFacility() / 3, f.maxNumber() / 7);
            for (int bit = 1; bit <= f.bits(); bit++) {
                int b = bit;
                assertThatThrownBy(() -> CardFormat.decode(Credential.card(flip(good, b), f.bits())))
                        .as("%s bit %d", f, bit).isInstanceOf(CardFormatException.class);
            }
        }
    }

    @Test
    void roundTripsMinAndMaxValues() throws Exception {
        for (CardFormat f : List.of(CardFormat.H10301, CardFormat.C1000, CardFormat.H10304)) {
            for (long facility : new long[] {0, 1, f.maxFacility() - 1, f.maxFacility()}) {
                for (long number : new long[] {0, 1, f.maxNumber() - 1, f.maxNumber()}) {
                    byte[] data = f.encode(facility, number);
                    assertThat(data).hasSize((f.bits() + 7) / 8);
                    assertThat(data[data.length - 1] & (0xFF >>> (f.bits() % 8))).as("unused low bits").isZero();
                    CardNumber n = CardFormat.decode(Credential.card(data, f.bits()));
                    assertThat(n).isEqualTo(new CardNumber(f, facility, number, null, f.bits()));
                    assertThat(CardNumber.parse(n.id())).isEqualTo(n);
                }
            }
        }
    }

    @Test
    void encodeRejectsOutOfRangeAndRaw() {
        assertThatThrownBy(() -> CardFormat.H10301.encode(256, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("H10301 facility must be 0-255, not 256");
        assertThatThrownBy(() -> CardFormat.C1000.encode(1, 1_048_576)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("C1000 card number must be 0-1048575, not 1048576");
        assertThatThrownBy(() -> CardFormat.H10304.encode(-1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("H10304 facility must be 0-65535, not -1");
        assertThatThrownBy(() -> CardFormat.RAW.encode(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void otherLengthsAreRawWithUnusedBitsCleared() throws Exception {
        CardNumber n = decode("0A1B2C3D", 32);
        assertThat(n.id()).isEqualTo("RAW:32:0A1B2C3D");
        assertThat(n).hasToString("32-bit 0A1B2C3D");
        assertThat(n.facility()).isZero();
        // 12 bits: the low 4 bits of the second byte are not card bits; extra bytes beyond the bit count are dropped.
        assertThat(decode("ABCDEF", 12).id()).isEqualTo("RAW:12:ABC0");
        assertThat(decode("FF", 1).id()).isEqualTo("RAW:1:80");
    }

    @Test
    void rejectsShortDataAndPins() {
        assertThatThrownBy(() -> decode("0A1B2C", 26)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("26-bit card needs 4 data bytes, got 3");
        assertThatThrownBy(() -> decode("D34A2A94", 35)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("35-bit card needs 5 data bytes, got 4");
        assertThatThrownBy(() -> decode("0A1B", 17)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("17-bit card needs 3 data bytes, got 2");
        assertThatThrownBy(() -> decode("", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CardFormat.decode(Credential.pin("1234"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a PIN is not a card");
        assertThatThrownBy(() -> CardFormat.decode(new Credential(Credential.Kind.CARD, "0X1B2C40", 26)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("card data is not hex");
    }
}
