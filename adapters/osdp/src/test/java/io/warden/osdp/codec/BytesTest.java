package io.warden.osdp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BytesTest {

    @Test
    void copiesInAndOut() {
        byte[] in = {1, 2, 3};
        Bytes b = Bytes.of(in);
        in[0] = 9;
        b.toArray()[1] = 9;
        assertThat(b.toHex()).isEqualTo("010203");
    }

    @Test
    void equalsHashCodeAndOrderFollowTheContent() {
        assertThat(Bytes.fromHex("0A0B")).isEqualTo(Bytes.of((byte) 10, (byte) 11)).hasSameHashCodeAs(Bytes.fromHex("0a0b"));
        assertThat(Bytes.fromHex("0A0B")).isNotEqualTo(Bytes.fromHex("0A0C")).isNotEqualTo(Bytes.fromHex("0A"));
        assertThat(Bytes.fromHex("FF")).isGreaterThan(Bytes.fromHex("7F")); // unsigned
        assertThat(Bytes.fromHex("01")).isLessThan(Bytes.fromHex("0100"));
        assertThat(Bytes.of(new byte[0])).isSameAs(Bytes.EMPTY);
    }

    @Test
    void toStringShowsTheLengthOnly() {
        assertThat(Bytes.fromHex("31323334")).hasToString("Bytes[4 bytes]");
        assertThat(Bytes.fromHex("31")).hasToString("Bytes[1 byte]");
    }

    @Test
    void readsAndWritesInPlace() {
        Bytes b = Bytes.fromHex("80FF01");
        assertThat(b.u8(0)).isEqualTo(0x80);
        assertThat(b.length()).isEqualTo(3);
        byte[] dst = new byte[5];
        assertThat(b.copyTo(dst, 1)).isEqualTo(4);
        assertThat(Bytes.of(dst, 1, 4)).isEqualTo(b);
        assertThatThrownBy(() -> Bytes.of((byte[]) null)).isInstanceOf(IllegalArgumentException.class);
    }
}
