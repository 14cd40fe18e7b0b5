package io.warden.adapter.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CardNumberTest {

    private static void rejects(String id, String message) {
        assertThatThrownBy(() -> CardNumber.parse(id)).as(id).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void idsAndDisplay() {
        CardNumber h = new CardNumber(CardFormat.H10301, 40, 6789, null, 26);
        assertThat(h.id()).isEqualTo("H10301:40:6789");
        assertThat(h).hasToString("40:6789");
        assertThat(new CardNumber(CardFormat.C1000, 1234, 567890, null, 35).id()).isEqualTo("C1000:1234:567890");
        assertThat(new CardNumber(CardFormat.H10304, 1234, 56789, null, 37).id()).isEqualTo("H10304:1234:56789");
        CardNumber raw = new CardNumber(CardFormat.RAW, 0, 0, "0A1B2C3D", 32);
        assertThat(raw.id()).isEqualTo("RAW:32:0A1B2C3D");
        assertThat(raw).hasToString("32-bit 0A1B2C3D");
    }

    @Test
    void parsesCanonicalIds() {
        assertThat(CardNumber.parse("H10301:40:6789")).isEqualTo(new CardNumber(CardFormat.H10301, 40, 6789, null, 26));
        assertThat(CardNumber.parse("h10301:40:6789").id()).isEqualTo("H10301:40:6789");
        assertThat(CardNumber.parse("c1000:4095:1048575").id()).isEqualTo("C1000:4095:1048575");
        assertThat(CardNumber.parse("H10304:65535:524287").id()).isEqualTo("H10304:65535:524287");
        assertThat(CardNumber.parse("raw:32:0a1b2c3d").id()).isEqualTo("RAW:32:0A1B2C3D");
        assertThat(CardNumber.parse("RAW:12:ABC0")).isEqualTo(new CardNumber(CardFormat.RAW, 0, 0, "ABC0", 12));
    }

    @Test
    void parseNamesWhatIsWrong() {
        rejects("", "card id is empty");
        rejects("H10301:40", "card id 'H10301:40' must be FORMAT:FACILITY:NUMBER or RAW:BITS:HEX");
        rejects("H10301:40:6789:1", "card id 'H10301:40:6789:1' must be FORMAT:FACILITY:NUMBER or RAW:BITS:HEX");
        rejects("W26:40:6789", "card id 'W26:40:6789': unknown format 'W26' (known: H10301, C1000, H10304, RAW)");
        rejects("H10301:256:1", "card id 'H10301:256:1': facility must be 0-255, not 256");
        rejects("H10301:1:65536", "card id 'H10301:1:65536': card number must be 0-65535, not 65536");
        rejects("C1000:4096:1", "card id 'C1000:4096:1': facility must be 0-4095, not 4096");
        rejects("C1000:1:1048576", "card id 'C1000:1:1048576': card number must be 0-1048575, not 1048576");
        rejects("H10304:65536:1", "card id 'H10304:65536:1': facility must be 0-65535, not 65536");
        rejects("H10304:1:524288", "card id 'H10304:1:524288': card number must be 0-524287, not 524288");
        rejects("H10301:-1:5", "card id 'H10301:-1:5': facility must be a whole number 0-255, not '-1'");
        rejects("H10301: 40:5", "card id 'H10301: 40:5': facility must be a whole number 0-255, not ' 40'");
        rejects("H10301:40:", "card id 'H10301:40:': card number must be a whole number 0-65535, not ''");
        rejects("H10301:40:99999999999999999999", "card id 'H10301:40:99999999999999999999': card number must be a whole number 0-65535, not '99999999999999999999'");
        rejects("RAW:32:0A1B2C", "card id 'RAW:32:0A1B2C': 32 bits take 8 hex digits, not 6");
        rejects("RAW:32:0A1B2C3G", "card id 'RAW:32:0A1B2C3G': '0A1B2C3G' is not hex (digits 0-9, A-F)");
        rejects("RAW:12:ABC1", "card id 'RAW:12:ABC1': the 4 unused low bits of 'ABC1' must be 0");
        rejects("RAW:26:0A1B2C40", "card id 'RAW:26:0A1B2C40': a 26-bit card is H10301, not RAW");
        rejects("RAW:0:", "card id 'RAW:0:': a card has at least 1 bit, not 0");
        rejects("RAW:x:00", "card id 'RAW:x:00': bit count must be a whole number 0-65535, not 'x'");
    }

    @Test
    void theConstructorOnlyTakesCanonicalValues() {
        assertThatThrownBy(() -> new CardNumber(CardFormat.H10301, 40, 6789, null, 27)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a 27-bit card is RAW, not H10301");
        assertThatThrownBy(() -> new CardNumber(CardFormat.H10301, 40, 6789, "0A", 26)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CardNumber(CardFormat.RAW, 1, 0, "0A", 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CardNumber(CardFormat.RAW, 0, 0, "0a", 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CardNumber(CardFormat.RAW, 0, 0, null, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CardNumber(null, 0, 0, null, 26)).isInstanceOf(NullPointerException.class);
    }
}
